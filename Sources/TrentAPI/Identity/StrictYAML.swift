import Foundation
import TrentJSON
import Yams

/// A YAML document read strictly: every mapping key must be one the reader asks for, every
/// value of the type it expects. A security product never skips a line it does not
/// understand, so an unknown key is an error naming its path.
struct StrictYAML {
    let node: Yams.Node
    let path: String

    static func load(_ text: String) throws(IdentityDefinitionError) -> StrictYAML {
        do {
            guard let node = try Yams.compose(yaml: text) else { return StrictYAML(node: .mapping(.init([])), path: "") }
            return StrictYAML(node: node, path: "")
        } catch let error as YamlError {
            throw IdentityDefinitionError("(document)", "not valid YAML: \(Self.describe(error))")
        } catch {
            throw IdentityDefinitionError("(document)", "not valid YAML")
        }
    }

    /// Where and what, without the offending line: Yams quotes it, and in this file it may
    /// hold a secret that must not reach a log.
    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return "\(problem) at line \(mark.line), column \(mark.column)"
        case .reader(let problem, let offset, _, _):
            return "\(problem)\(offset.map { " at byte \($0)" } ?? "")"
        case .duplicatedKeysInMapping(let duplicates, _):
            return "duplicated keys \(duplicates.joined(separator: ", "))"
        default:
            return "unreadable document"
        }
    }

    func fail(_ reason: String) -> IdentityDefinitionError {
        IdentityDefinitionError(path.isEmpty ? "(document)" : path, reason)
    }

    /// The mapping's members, after checking that it has no keys outside `allowed`.
    func mapping(allowing allowed: Set<String>) throws(IdentityDefinitionError) -> [String: StrictYAML] {
        guard case .mapping(let mapping) = node else { throw fail("expected a mapping") }
        var members: [String: StrictYAML] = [:]
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else { throw fail("mapping keys must be plain strings") }
            let name = scalar.string
            guard allowed.contains(name) else {
                throw IdentityDefinitionError(child(name), "unknown key '\(name)' (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            guard members[name] == nil else { throw IdentityDefinitionError(child(name), "key given twice") }
            members[name] = StrictYAML(node: value, path: child(name))
        }
        return members
    }

    func sequence() throws(IdentityDefinitionError) -> [StrictYAML] {
        guard case .sequence(let sequence) = node else { throw fail("expected a list") }
        return sequence.enumerated().map { StrictYAML(node: $1, path: "\(path)[\($0)]") }
    }

    func string() throws(IdentityDefinitionError) -> String {
        guard case .scalar(let scalar) = node else { throw fail("expected a string") }
        return scalar.string
    }

    func number() throws(IdentityDefinitionError) -> Double {
        guard case .scalar(let scalar) = node, let value = Double(scalar.string), value.isFinite else { throw fail("expected a number") }
        return value
    }

    func int() throws(IdentityDefinitionError) -> Int {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string) else { throw fail("expected an integer") }
        return value
    }

    func stringMap() throws(IdentityDefinitionError) -> [String: String] {
        guard case .mapping(let mapping) = node else { throw fail("expected a mapping of strings") }
        var out: [String: String] = [:]
        for (key, value) in mapping {
            guard case .scalar(let k) = key, case .scalar(let v) = value else {
                throw fail("expected a mapping of strings")
            }
            out[k.string] = v.string
        }
        return out
    }

    func stringList() throws(IdentityDefinitionError) -> [String] {
        var out: [String] = []
        for item in try sequence() { out.append(try item.string()) }
        return out
    }

    /// A policy document: JSON text, or the same structure written in YAML.
    func policyDocument() throws(IdentityDefinitionError) -> JSONValue {
        if case .scalar(let scalar) = node {
            do {
                return try JSONParser.parse(Array(scalar.string.utf8))
            } catch {
                throw fail("the policy document is not valid JSON")
            }
        }
        return Self.json(node)
    }

    /// YAML scalars become JSON strings: IAM reads booleans and numbers in policies from strings too.
    static func json(_ node: Yams.Node) -> JSONValue {
        switch node {
        case .scalar(let scalar): return .string(scalar.string)
        case .sequence(let sequence): return .array(sequence.map(json))
        case .mapping(let mapping):
            return .object(JSONObject(mapping.map { key, value in (key: key.string ?? "", value: json(value)) }))
        case .alias: return .null
        }
    }

    private func child(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }
}
