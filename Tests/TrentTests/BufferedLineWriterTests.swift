import Foundation
import Testing
@testable import TrentHTTP

/// The audit trail's writer: lines appended from many threads while flushes run must each
/// reach the file exactly once and whole.
@Suite struct BufferedLineWriterTests {
    @Test func concurrentAppendsAndFlushesLoseAndDuplicateNothing() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("trent-lines-\(UUID().uuidString)").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        #expect(descriptor >= 0)
        defer { close(descriptor); unlink(path) }
        let writer = BufferedLineWriter(descriptor: descriptor, syncAfterWrite: true)
        let threads = 8, perThread = 5_000
        DispatchQueue.concurrentPerform(iterations: threads + 1) { worker in
            if worker == threads {
                // A flusher racing the writers, as the background task does.
                for _ in 0 ..< 200 { writer.flush(); usleep(100) }
                return
            }
            for index in 0 ..< perThread {
                writer.append(Array("{\"thread\":\(worker),\"index\":\(index),\"pad\":\"\(String(repeating: "x", count: index % 97))\"}".utf8))
            }
        }
        writer.flush()
        writer.flush()  // nothing left: writes nothing more
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "")
        var next = Array(repeating: 0, count: threads)
        var pairs = Set<[Int]>()
        var seen = 0
        for line in lines.dropLast() {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            guard let thread = object?["thread"] as? Int, let index = object?["index"] as? Int else {
                Issue.record("torn line: \(line.prefix(80))"); continue
            }
            next[thread] += 1
            pairs.insert([thread, index])
            seen += 1
        }
        #expect(seen == threads * perThread)
        #expect(next.allSatisfy { $0 == perThread })
        #expect(pairs.count == threads * perThread)
    }
}
