/// Dates as the Date operators compare them: seconds since the Unix epoch.
///
/// Hand-written so that evaluation never touches Foundation's formatters. Accepted, as IAM
/// documents: epoch seconds (`1546257599`, `1546257599.0`) and ISO 8601 extended dates
/// `YYYY-MM-DD`, optionally `Thh:mm[:ss[.fraction]]` and a zone (`Z`, `±hh:mm`, `±hhmm`;
/// none means UTC).
enum DateValue {
    static func parse(_ text: String) -> Double? {
        var copy = text
        return copy.withUTF8 { parse($0) }
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !bytes.isEmpty else { return nil }
        if bytes.count < 10 || bytes[4] != UInt8(ascii: "-") {
            return epoch(bytes)
        }
        var cursor = Cursor(bytes: bytes)
        guard let year = cursor.digits(4), cursor.take("-"), let month = cursor.digits(2), cursor.take("-"),
              let day = cursor.digits(2), (1...12).contains(month), day >= 1, day <= daysIn(month, year)
        else { return nil }
        var seconds = Double(daysFromCivil(year, month, day) * 86_400)
        if cursor.atEnd { return seconds }
        guard cursor.take("T") || cursor.take("t") || cursor.take(" "),
              let hour = cursor.digits(2), cursor.take(":"), let minute = cursor.digits(2),
              hour < 24, minute < 60
        else { return nil }
        seconds += Double(hour * 3600 + minute * 60)
        if cursor.take(":") {
            guard let second = cursor.digits(2), second <= 60 else { return nil }
            seconds += Double(second)
            if cursor.take(".") || cursor.take(",") {
                var scale = 0.1
                var any = false
                while let digit = cursor.digit() {
                    seconds += Double(digit) * scale
                    scale /= 10
                    any = true
                }
                guard any else { return nil }
            }
        }
        if cursor.atEnd || cursor.take("Z") || cursor.take("z") {
            return cursor.atEnd ? seconds : nil
        }
        let sign: Double
        if cursor.take("+") { sign = 1 } else if cursor.take("-") { sign = -1 } else { return nil }
        guard let zoneHour = cursor.digits(2), zoneHour < 24 else { return nil }
        _ = cursor.take(":")
        guard let zoneMinute = cursor.digits(2), zoneMinute < 60, cursor.atEnd else { return nil }
        return seconds - sign * Double(zoneHour * 3600 + zoneMinute * 60)
    }

    private static func epoch(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var sawDigit = false
        var sawDot = false
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "-") where index == 0: continue
            case UInt8(ascii: ".") where !sawDot: sawDot = true
            default: return nil
            }
        }
        guard sawDigit else { return nil }
        return Double(String(decoding: bytes, as: UTF8.self))
    }

    private static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    private static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var atEnd: Bool { index >= bytes.count }

        mutating func take(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        mutating func digit() -> Int? {
            guard index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 else { return nil }
            defer { index += 1 }
            return Int(bytes[index] - UInt8(ascii: "0"))
        }

        mutating func digits(_ count: Int) -> Int? {
            var value = 0
            for _ in 0..<count {
                guard let digit = digit() else { return nil }
                value = value * 10 + digit
            }
            return value
        }
    }
}
