import TrentJSON

/// The parts of AWS's KMS API model that request validation needs.
///
/// The data lives in `KMSModel.generated.swift` as flat arrays of plain structs
/// that refer to each other by index, each built one `append` per row: the type
/// checker handles such statements one at a time, whereas one big literal (let
/// alone a nested dictionary literal) costs it hundreds of milliseconds.
enum KMSModel {
    /// Input shape index of each operation, looked up once.
    static let inputShapeByOperation: [String: Int] = {
        var table: [String: Int] = [:]
        for operation in operations { table[operation.name] = operation.input }
        return table
    }()

    static func members(of shape: ShapeSpec) -> ArraySlice<MemberSpec> {
        members[shape.memberStart..<(shape.memberStart + shape.memberCount)]
    }

    static func bound(_ value: Int64) -> Int64? {
        value >= 0 ? value : nil
    }

    static func enumValues(of shape: ShapeSpec) -> ArraySlice<String> {
        enumValues[shape.enumStart..<(shape.enumStart + shape.enumCount)]
    }
}

enum ShapeKind: Sendable {
    case structure, string, blob, integer, long, boolean, list, map, timestamp
}

struct OperationSpec: Sendable {
    let name: String
    /// Index into `KMSModel.shapes`, or -1 for an operation without input.
    let input: Int
}

/// One shape. Indexes and bounds of -1 mean "absent" (no model bound is
/// negative; the generator checks). `min`/`max` bound a length for strings,
/// blobs, lists and maps, and a value for integers and longs.
struct ShapeSpec: Sendable {
    let name: String
    let kind: ShapeKind
    let min: Int64
    let max: Int64
    let pattern: Int
    let enumStart: Int
    let enumCount: Int
    let sensitive: Bool
    let memberStart: Int
    let memberCount: Int
    let element: Int
    let key: Int
    let value: Int
}

struct MemberSpec: Sendable {
    /// The JSON key, as the model spells it.
    let name: String
    /// The name AWS uses in validation paths: the key with its first letter lowered.
    let pathName: String
    let shape: Int
    let required: Bool
}

/// A compiled model pattern. When `fastClass` is not -1 the whole pattern is
/// one character class repeated `fastMin...fastMax` times (-1: unbounded);
/// otherwise `program` is the first instruction of a Pike-VM program.
struct PatternSpec: Sendable {
    let source: String
    let fastClass: Int
    let fastMin: Int
    let fastMax: Int
    let program: Int
}

struct CharacterClassSpec: Sendable {
    let rangeStart: Int
    let rangeCount: Int
}

struct ScalarRange: Sendable {
    let low: UInt32
    let high: UInt32
}

enum RegexOp: Sendable {
    /// Consume one scalar in class `x`.
    case char
    /// Continue at both `x` and `y`.
    case split
    /// Continue at `x`.
    case jump
    case match
    case assertStart
    case assertEnd
}

struct RegexInstruction: Sendable {
    let op: RegexOp
    let x: Int
    let y: Int
}
