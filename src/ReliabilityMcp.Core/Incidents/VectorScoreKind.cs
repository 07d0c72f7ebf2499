namespace ReliabilityMcp.Core.Incidents;

/// <summary>What a store's <c>VSIM ... WITHSCORES</c> score means (shared/DESIGN.md §2): the two stores differ.</summary>
public enum VectorScoreKind
{
    /// <summary>Garnet: squared Euclidean distance, 0 = identical; for unit vectors d = 2 − 2·cos.</summary>
    SquaredL2Distance,

    /// <summary>Redis 8: similarity from 1 (identical) to 0 (opposite), i.e. (1 + cos) / 2.</summary>
    ShiftedCosine,
}
