import Foundation
import TrentDomain
import TrentStorage

extension KMSService {
    /// Rotates every key whose automatic rotation is due. The due date is re-read in the
    /// rotating transaction, so a key is rotated once per due date however many passes
    /// (after a restart, or on several nodes) see it. A key that is not Enabled waits: it
    /// rotates at the first pass after it is enabled again, as AWS rotates a key whose
    /// material outlived its period while disabled.
    @discardableResult
    public func runDueRotations() async throws -> Int {
        let now = clock.now()
        var rotated = 0
        for address in try await store.keysDueForRotation(before: now) {
            guard let live = keys[address], live.record.state == .enabled, live.record.multiRegionType != .replica,
                  let due = live.record.nextRotationDate
            else { continue }
            if try await rotate(live, type: .automatic, at: now, due: due) { rotated += 1 }
        }
        return rotated
    }

    /// Deletes imported material whose ValidTo has passed: the version is kept (it can be
    /// imported again), its sealed bytes go, and a key whose current material expired goes
    /// to PendingImport.
    @discardableResult
    public func runMaterialExpiry() async throws -> Int {
        let now = clock.now()
        var expired = 0
        for address in try await store.keysWithMaterialExpiring(before: now) {
            let written = try await commitKeys([address]) { rows throws(KMSError) in
                guard let row = rows.first ?? nil, let due = row.nextExpiry, due <= now else { return [] }
                var next = row
                var removed: [String] = []
                for index in next.materialVersions.indices {
                    guard let imported = next.materialVersions[index].imported, imported.present,
                          imported.expirationModel == .expires, let validTo = imported.validTo, validTo <= now
                    else { continue }
                    next.materialVersions[index].imported = Self.deleted(imported)
                    removed.append(next.materialVersions[index].materialId)
                }
                if removed.contains(row.currentMaterialId), row.state == .enabled || row.state == .disabled {
                    next.state = .pendingImport
                }
                return [KeyWrite(record: next, removedMaterials: removed)]
            }
            for record in written {
                expired += 1
                logger.notice("imported key material expired and was deleted", metadata: ["event": "DeleteExpiredKeyMaterial", "keyArn": "\(record.arn)"])
                events.record(ServiceEvent(name: "DeleteExpiredKeyMaterial", keyArn: record.arn, account: record.account, region: record.region, time: now))
            }
        }
        return expired
    }

    static func deleted(_ imported: ImportedMaterial) -> ImportedMaterial {
        ImportedMaterial(description: imported.description, present: false, expirationModel: nil, validTo: nil)
    }

    /// Ends the Creating phase of new replicas and the Updating phase of a primary-region
    /// change. Run shortly after the operation that began them, and by every scheduler pass,
    /// so a restart in between still finishes them.
    @discardableResult
    public func finishTransitions() async throws -> Int {
        var finished = 0
        // Keys in Creating or Updating: work ReplicateKey and UpdatePrimaryRegion left to finish.
        for address in try await store.keys(inStates: [.creating, .updating]) {
            let written = try await commitKeys([address]) { rows throws(KMSError) in
                guard let row = rows.first ?? nil else { return [] }
                var next = row
                switch row.state {
                case .creating:
                    next.state = row.version(row.currentMaterialId)?.hasMaterial == false || row.currentMaterialId.isEmpty
                        ? .pendingImport : .enabled
                case .updating:
                    next.state = .enabled
                default:
                    return []
                }
                return [KeyWrite(record: next)]
            }
            finished += written.count
        }
        return finished
    }

    /// Every background duty of the service, now and then every `interval`, until cancelled.
    public func runScheduler(interval: Duration = .seconds(60)) async {
        while !Task.isCancelled {
            await runBackgroundPass()
            try? await Task.sleep(for: interval)
        }
    }

    func runBackgroundPass() async {
        let duties: [(String, () async throws -> Int)] = [
            ("transitions", { try await self.finishTransitions() }),
            ("rotation", { try await self.runDueRotations() }),
            ("material expiry", { try await self.runMaterialExpiry() }),
            ("deletion", { try await self.runDueDeletions() }),
        ]
        for (name, duty) in duties {
            do {
                _ = try await duty()
            } catch {
                logger.error("scheduled \(name) failed; will retry", metadata: ["error": "\(type(of: error))"])
            }
        }
    }

    /// Asks the transition service to finish a Creating or Updating phase after the
    /// configured delay, off the request.
    func finishTransitionsLater() {
        transitionRequests.continuation.yield()
    }

    /// The service behind `finishTransitionsLater`: for each request, waits the delay, then
    /// finishes every key in transition. Ends when cancelled; the scheduler's passes finish
    /// whatever a stop left.
    public func runTransitionFinisher() async {
        for await _ in transitionRequests.stream {
            guard (try? await Task.sleep(for: options.transitionDelay)) != nil else { return }
            do {
                try await finishTransitions()
            } catch {
                logger.error("finishing a replica or primary-region change failed; the scheduler will retry", metadata: ["error": "\(type(of: error))"])
            }
        }
    }
}
