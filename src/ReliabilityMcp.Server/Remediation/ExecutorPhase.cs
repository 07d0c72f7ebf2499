namespace ReliabilityMcp.Server.Remediation;

/// <summary>Why an executor is called.</summary>
internal enum ExecutorPhase
{
    /// <summary>The real run.</summary>
    Execute,

    /// <summary>What-if: the dry-run template, changing nothing.</summary>
    DryRun,

    /// <summary>Undo after a failed after-check.</summary>
    Inverse,
}
