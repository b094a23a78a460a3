/// Names a node in logs and audit records: `--node-id`, or one made once per data directory.
enum NodeId {
    static func isValid(_ text: String) -> Bool {
        (1 ... 64).contains(text.utf8.count)
            && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }
    }
}
