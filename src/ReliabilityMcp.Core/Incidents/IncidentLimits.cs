namespace ReliabilityMcp.Core.Incidents;

/// <summary>Bounds on what an incident or outcome may hold: memory is shared, and every byte is echoed to agents.</summary>
public static class IncidentLimits
{
    /// <summary>Longest title, characters.</summary>
    public const int TitleLength = 200;

    /// <summary>Longest description, characters.</summary>
    public const int DescriptionLength = 8000;

    /// <summary>Longest symptoms text, characters.</summary>
    public const int SymptomsLength = 4000;

    /// <summary>Longest root cause, characters.</summary>
    public const int RootCauseLength = 2000;

    /// <summary>Most tags.</summary>
    public const int Tags = 20;

    /// <summary>Most custom telemetry metrics.</summary>
    public const int CustomMetrics = 32;

    /// <summary>Most actions in one outcome.</summary>
    public const int Actions = 20;

    /// <summary>Most targets of one action.</summary>
    public const int Targets = 20;

    /// <summary>Longest target name, characters.</summary>
    public const int TargetLength = 128;

    /// <summary>Longest action detail, characters.</summary>
    public const int ActionDetailLength = 500;

    /// <summary>Longest lessons text, characters.</summary>
    public const int LessonsLength = 4000;

    /// <summary>Longest resolution time, minutes (one year).</summary>
    public const double ResolutionMinutes = 525_600;

    /// <summary>Longest query text for a search, characters.</summary>
    public const int QueryLength = 8000;

    /// <summary>Most results of a search.</summary>
    public const int MaxK = 50;
}
