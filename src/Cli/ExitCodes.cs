namespace Vnetconf.Cli;

/// <summary>What the process's exit code means, so scripts and CI gates can tell the cases apart.</summary>
public static class ExitCodes
{
    /// <summary>Everything behaved as documented (run), or no behaviour differed (compare --gate).</summary>
    public const int Ok = 0;

    /// <summary>
    /// A cell deviated from its documented behaviour (run), or a behaviour differs from the baseline or a cell the
    /// baseline ran was not run by a candidate (compare --gate).
    /// </summary>
    public const int BehaviourDiffers = 1;

    /// <summary>The command line was wrong.</summary>
    public const int BadArguments = 2;

    /// <summary>A results file could not be read, or is of another schema.</summary>
    public const int BadResultsFile = 3;

    /// <summary>This host lacks what the requested run needs (root, /dev/net/tun…).</summary>
    public const int MissingPrerequisite = 4;

    /// <summary>vnetconf itself failed; the message says where.</summary>
    public const int InternalError = 5;

    /// <summary>An output file or directory could not be written.</summary>
    public const int CannotWriteOutput = 6;

    /// <summary>Ctrl-C (SIGINT, 128 + 2): the cells judged until then were written, marked interrupted.</summary>
    public const int InterruptedBySigint = 130;

    /// <summary>SIGTERM (128 + 15): the cells judged until then were written, marked interrupted.</summary>
    public const int TerminatedBySigterm = 143;
}
