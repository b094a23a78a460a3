import TrentJSON

/// Whole-string matching of the model's patterns, as Java's `Matcher.matches()`.
///
/// Patterns arrive pre-compiled by the generator. Most are a single character
/// class repeated, checked in one pass; the rest run on a Pike VM, whose cost is
/// linear in the input whatever the input is, so no request can make a pattern
/// backtrack for long. Matching is per Unicode scalar, as Java matches code points.
enum PatternMatcher {
    static func matches(_ string: String, pattern index: Int) -> Bool {
        let pattern = KMSModel.patterns[index]
        if pattern.fastClass >= 0 {
            return matchesClassRun(string, pattern)
        }
        return runProgram(string, start: pattern.program)
    }

    /// Membership bitmaps for scalars below 256, the only ones the patterns name
    /// today; ranges above that are scanned.
    private static let latin1Bitmaps: [[UInt64]] = KMSModel.characterClasses.map { spec in
        var bits = [UInt64](repeating: 0, count: 4)
        for range in KMSModel.scalarRanges[spec.rangeStart..<(spec.rangeStart + spec.rangeCount)] {
            var scalar = range.low
            while scalar <= range.high && scalar < 256 {
                bits[Int(scalar >> 6)] |= 1 << UInt64(scalar & 63)
                scalar += 1
            }
        }
        return bits
    }

    static func classContains(_ classIndex: Int, _ scalar: UInt32) -> Bool {
        if scalar < 256 {
            return latin1Bitmaps[classIndex][Int(scalar >> 6)] & (1 << UInt64(scalar & 63)) != 0
        }
        let spec = KMSModel.characterClasses[classIndex]
        for range in KMSModel.scalarRanges[spec.rangeStart..<(spec.rangeStart + spec.rangeCount)]
        where range.low <= scalar && scalar <= range.high {
            return true
        }
        return false
    }

    private static func matchesClassRun(_ string: String, _ pattern: PatternSpec) -> Bool {
        var count = 0
        for scalar in string.unicodeScalars {
            guard classContains(pattern.fastClass, scalar.value) else { return false }
            count += 1
        }
        return count >= pattern.fastMin && (pattern.fastMax < 0 || count <= pattern.fastMax)
    }

    /// Thompson simulation: the set of live instructions advances one scalar at a time.
    private static func runProgram(_ string: String, start: Int) -> Bool {
        let program = KMSModel.regexProgram
        var current: [Int] = []
        var next: [Int] = []
        // Instruction -> step at which it was last added, to keep each list a set.
        var marks = [Int](repeating: -1, count: program.count)
        var step = 0
        let scalars = Array(string.unicodeScalars)

        func add(_ pc: Int, _ list: inout [Int], position: Int, step: Int, marks: inout [Int]) {
            if marks[pc] == step { return }
            marks[pc] = step
            let instruction = program[pc]
            switch instruction.op {
            case .jump:
                add(instruction.x, &list, position: position, step: step, marks: &marks)
            case .split:
                add(instruction.x, &list, position: position, step: step, marks: &marks)
                add(instruction.y, &list, position: position, step: step, marks: &marks)
            case .assertStart:
                if position == 0 { add(pc + 1, &list, position: position, step: step, marks: &marks) }
            case .assertEnd:
                if position == scalars.count { add(pc + 1, &list, position: position, step: step, marks: &marks) }
            case .char, .match:
                list.append(pc)
            }
        }

        add(start, &current, position: 0, step: step, marks: &marks)
        for position in 0...scalars.count {
            var matched = false
            step += 1
            next.removeAll(keepingCapacity: true)
            for pc in current {
                let instruction = program[pc]
                switch instruction.op {
                case .match:
                    if position == scalars.count { matched = true }
                case .char:
                    if position < scalars.count, classContains(instruction.x, scalars[position].value) {
                        add(pc + 1, &next, position: position + 1, step: step, marks: &marks)
                    }
                default:
                    break
                }
            }
            if matched { return true }
            if next.isEmpty { return false }
            swap(&current, &next)
        }
        return false
    }
}
