import HTTPTypes

extension HTTPFields {
    /// `self[name]` without its cost in the usual case: the subscript collects every value
    /// into an array and joins it, even when the header appears once, as it nearly always
    /// does. A repeated header still gets the subscript's combined value.
    func value(of name: HTTPField.Name) -> String? {
        var found: String?
        for field in self where field.name == name {
            if found != nil { return self[name] }
            found = field.value
        }
        return found
    }
}
