import Failures

/// How the CLI says what the user can do about a failure: the flag. Services name a
/// `Remedy`, never a flag, because the web page shows their messages too.
enum RemedyHint {
    static func text(_ remedy: Remedy) -> String {
        switch remedy {
        case .overwrite: "use --force to overwrite"
        case .comment: "give it with --comment"
        case .consentNote: "give it with --consent-note"
        case .codebookFile: "pass --codebook FILE"
        case .frameRate: "pass --rate"
        case .replaceCatalog: "add --replace"
        case .existingAnnotations: "use --existing update or keep"
        case .focusCodes: "give --focus CODE"
        }
    }

    /// The error's line with its remedy, if it names one: "x.json: already exists (use --force to overwrite)".
    static func line(_ error: any Error) -> String {
        guard let remedy = Remedy(of: error) else { return "\(error)" }
        return "\(error) (\(text(remedy)))"
    }
}
