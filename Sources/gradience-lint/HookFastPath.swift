/// Pre-commit runs `gradience-lint check --force-exclude FILE…` on every commit, where
/// the whole process must stay close to a bare Swift binary's startup. ArgumentParser's
/// first parse costs more than linting two files (it reflects over every option, and each
/// new type it casts sends the Swift runtime through every conformance record loaded), so
/// that form, and any mix of paths and on/off flags, is parsed here instead.
///
/// Anything else — an option with a value, `--help`, `--version`, a subcommand other than
/// `check`, `--`, an unknown flag, a path that starts with `-` or is a subcommand's
/// name — returns nil and goes to ArgumentParser, which parses it (or words the error)
/// as always. For what it accepts, the result equals ArgumentParser's (tested).
extension Check {
    /// Sets the on/off flag `argument` names (in `check` or its option groups); false
    /// when it names none.
    private static func setFlag(_ argument: String, on check: inout Check) -> Bool {
        switch argument {
        case "--exit-zero": check.exitZero = true
        case "--verbose", "-v": check.verbose = true
        case "--no-color": check.noColor = true
        case "--fix": check.fix = true
        case "--unsafe-fixes": check.unsafeFixes = true
        case "--diff": check.diff = true
        case "--fix-only": check.fixOnly = true
        case "--statistics": check.output.statistics = true
        case "--exit-non-zero-on-fix": check.output.exitNonZeroOnFix = true
        case "--force-exclude": check.output.forceExclude = true
        case "--respect-gitignore": check.respectGitignore = true
        case "--no-respect-gitignore": check.respectGitignore = false
        default: return false
        }
        return true
    }

    /// Words ArgumentParser would read as a subcommand rather than a path.
    private static let commandNames = Set(GradienceLintCommand.commandNames)

    /// `arguments` without the program name; nil when ArgumentParser must handle them.
    static func hookInvocation(_ arguments: [String]) -> Check? {
        var arguments = arguments[...]
        if arguments.first == "check" { arguments = arguments.dropFirst() }
        var check = Check.allDefaults()
        for argument in arguments {
            if setFlag(argument, on: &check) {
                continue
            } else if argument.hasPrefix("-") || commandNames.contains(argument) {
                return nil
            } else {
                check.paths.append(argument)
            }
        }
        return check
    }

    /// Every property set to its default, as ArgumentParser leaves those not given. Each
    /// one must be set: reading a property ArgumentParser did not fill in is a crash.
    private static func allDefaults() -> Check {
        var check = Check()
        check.paths = []
        check.select = nil
        check.ignore = nil
        check.stdinFilename = nil
        check.exitZero = false
        check.verbose = false
        check.noColor = false
        check.fix = false
        check.unsafeFixes = false
        check.diff = false
        check.fixOnly = false
        check.respectGitignore = nil
        var model = ModelOptions()
        model.config = nil
        model.modulesFile = nil
        model.modelDir = nil
        model.architecture = nil
        model.numLayers = nil
        model.numExperts = nil
        model.peftVersion = nil
        model.transformersVersion = nil
        model.maxFileSize = nil
        model.requireInventory = false
        check.model = model
        var output = OutputOptions()
        output.format = nil
        output.output = nil
        output.outputFormats = []
        output.statistics = false
        output.baseline = nil
        output.writeBaseline = nil
        output.exitNonZeroOnFix = false
        output.forceExclude = false
        check.output = output
        return check
    }
}
