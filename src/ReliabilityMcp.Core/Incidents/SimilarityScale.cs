namespace ReliabilityMcp.Core.Incidents;

/// <summary>
/// Converts store scores to the similarity the tools report: cosine similarity of the (unit) vectors, clamped to
/// 0..1. Negative cosines (vectors pointing away) are reported as 0: for weighting outcomes "unrelated" and
/// "opposite" mean the same thing.
/// </summary>
public static class SimilarityScale
{
    /// <summary>The cosine similarity (0..1) for a raw <c>VSIM</c> score.</summary>
    public static double ToSimilarity(double score, VectorScoreKind kind)
    {
        var cosine = kind switch
        {
            VectorScoreKind.SquaredL2Distance => 1 - (score / 2),
            VectorScoreKind.ShiftedCosine => (2 * score) - 1,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown score kind."),
        };
        return Math.Clamp(cosine, 0, 1);
    }

    /// <summary>
    /// Which kind a store uses, from a probe: the score of a vector against itself is 0 (a distance) or 1 (a
    /// similarity); against an orthogonal vector, 2 or 0.5. Anything else is an unknown store.
    /// </summary>
    /// <param name="identical">Score of the query vector against an identical stored vector.</param>
    /// <param name="orthogonal">Score of the query vector against an orthogonal stored vector.</param>
    public static VectorScoreKind Detect(double identical, double orthogonal)
    {
        const double Tolerance = 0.05;
        if (Math.Abs(identical) < Tolerance && Math.Abs(orthogonal - 2) < Tolerance)
        {
            return VectorScoreKind.SquaredL2Distance;
        }

        if (Math.Abs(identical - 1) < Tolerance && Math.Abs(orthogonal - 0.5) < Tolerance)
        {
            return VectorScoreKind.ShiftedCosine;
        }

        throw new InvalidOperationException(
            $"The store's VSIM scores are neither squared L2 distances (Garnet) nor (1+cos)/2 similarities (Redis 8): identical={identical}, orthogonal={orthogonal}.");
    }
}
