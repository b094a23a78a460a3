/// An ARN pattern (Resource elements, ArnLike values), pre-split into its colon-separated
/// components so that each one is globbed on its own, as IAM compares ARNs.
///
/// The last component absorbs the rest of the ARN, colons included: in a full pattern that is
/// the resource part (`key/…`, which may contain colons), and a shorter pattern such as
/// `arn:aws:kms:*` thereby covers every KMS ARN — a judgement call where IAM's documentation
/// only shows six-component patterns.
struct ArnPattern: Sendable, Hashable {
    private enum Storage: Sendable, Hashable {
        case everything
        case compiled([Glob])
        case templated([ValueTemplate])
    }

    private let storage: Storage

    static let arnComponents = 6

    init(_ template: ValueTemplate) {
        if template.literal == "*" {
            storage = .everything
            return
        }
        let parts = template.split(colonsUpTo: Self.arnComponents - 1)
        if template.hasVariables {
            storage = .templated(parts)
        } else {
            storage = .compiled(parts.map { $0.glob(nil) ?? Glob(literal: "") })
        }
    }

    var isEverything: Bool { storage == .everything }

    var hasVariables: Bool {
        if case .templated = storage { return true }
        return false
    }

    /// The service and account components when they are literal or globs, for matching the
    /// account-wide resource `"*"` (see `CompiledPolicy.resourceMatches`).
    func matchesAccountWide(service: UnsafeBufferPointer<UInt8>, account: String, context: any ConditionContext) -> Bool {
        let globs: [Glob]
        switch storage {
        case .everything: return true
        case .compiled(let compiled): globs = compiled
        case .templated(let templates):
            var resolved: [Glob] = []
            for template in templates {
                guard let glob = template.glob(context) else { return false }
                resolved.append(glob)
            }
            globs = resolved
        }
        guard globs.count == Self.arnComponents,
              globs[0].matches("arn"), globs[2].matches(service), globs[4].matches(account),
              globs[5].shape == .everything
        else { return false }
        return true
    }

    func matches(_ text: UnsafeBufferPointer<UInt8>, context: any ConditionContext) -> Bool {
        switch storage {
        case .everything:
            return true
        case .compiled(let globs):
            return Self.match(globs, text)
        case .templated(let templates):
            var globs: [Glob] = []
            globs.reserveCapacity(templates.count)
            for template in templates {
                guard let glob = template.glob(context) else { return false }
                globs.append(glob)
            }
            return Self.match(globs, text)
        }
    }

    func matches(_ text: String, context: any ConditionContext) -> Bool {
        var copy = text
        return copy.withUTF8 { matches($0, context: context) }
    }

    private static func match(_ globs: [Glob], _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        let lastIndex = globs.count - 1
        for (index, glob) in globs.enumerated() {
            var end = text.count
            if index < lastIndex {
                guard let colon = firstColon(text, from: start) else { return false }
                end = colon
            }
            guard glob.matches(UnsafeBufferPointer(rebasing: text[start..<end])) else { return false }
            start = end + 1
        }
        return true
    }

    private static func firstColon(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while index < text.count {
            if text[index] == UInt8(ascii: ":") { return index }
            index += 1
        }
        return nil
    }
}
