package io.roistream.cli;

import io.roistream.model.tools.EvaluateBackboneCommand;
import io.roistream.model.tools.EvaluateCommand;
import io.roistream.model.tools.GenerateDataCommand;
import io.roistream.model.tools.PretrainCommand;
import io.roistream.model.tools.ScanCommand;
import io.roistream.stack.StackException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one roistream command line: the local stack, the demo and the model tools. */
@Command(name = "roistream", mixinStandardHelpOptions = true, versionProvider = RoistreamCli.Version.class,
        description = "SD-RPN (self-distilled region-of-interest prediction) as a Kafka event-driven workflow.",
        subcommands = {
            StackCommand.class,
            DemoCommand.class,
            GenerateDataCommand.class,
            PretrainCommand.class,
            ScanCommand.class,
            EvaluateBackboneCommand.class,
            EvaluateCommand.class,
            CommandLine.HelpCommand.class
        })
public final class RoistreamCli {

    private RoistreamCli() {
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line, for tests and embedding. */
    public static CommandLine newCommandLine() {
        return new CommandLine(new RoistreamCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(RoistreamCli::reportFailure);
    }

    /** A stack that cannot start is the user's to fix: say why in one line, without a stack trace. */
    private static int reportFailure(Exception failure, CommandLine commandLine, CommandLine.ParseResult parsed)
            throws Exception {
        if (failure instanceof StackException) {
            commandLine.getErr().println("roistream " + commandLine.getCommandName() + ": " + failure.getMessage());
            return 2;
        }
        throw failure;
    }

    /** Reports the build's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = RoistreamCli.class.getPackage().getImplementationVersion();
            return new String[] {"roistream " + (version == null ? "(development build)" : version)};
        }
    }
}
