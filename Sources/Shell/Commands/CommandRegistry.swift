// The one place every builtin and engine command is registered. `help`,
// completion and the command form all read this list.
import Language

/// All builtins and commands of the shell, in `help` order.
public enum CommandRegistry {
    public static var all: [Builtin] {
        var list: [Builtin] = []
        list += CoreBuiltins.all
        list += DataFileBuiltins.all
        list += PlotCommands.all
        list += LatticeCommands.all
        list += DerivedStructureCommands.all
        list += MonteCarloCommands.all
        list += FitCommands.all
        list += ModelCommands.all
        list += FitCurveCommands.all
        list += ClosureCommands.all
        list += SampleCommand.all
        list += ThermodynamicsCommands.all
        list += EnsembleCommands.all
        return list
    }
}
