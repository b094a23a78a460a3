import ArgumentParser

@main
struct Trent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trent",
        abstract: "A key management service that speaks the AWS KMS API.",
        subcommands: [ServeCommand.self, InitCommand.self]
    )
}
