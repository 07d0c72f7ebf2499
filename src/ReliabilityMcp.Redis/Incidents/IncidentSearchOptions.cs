using System.ComponentModel.DataAnnotations;

namespace ReliabilityMcp.Redis.Incidents;

/// <summary>How incident vectors are stored and searched (<c>Incidents:Search</c>). Defaults chosen by the benchmark in bench/README.md.</summary>
public sealed class IncidentSearchOptions
{
    /// <summary>HNSW exploration factor of each search (VSIM EF).</summary>
    /// <value>
    /// Default 200: at 100k incidents in sets built with M 32, recall@5 0.9996 (0.9988 at EF 150); with M 16 it took
    /// EF 500 to reach 0.994 (bench/README.md).
    /// </value>
    [Range(10, 5000)]
    public int Ef { get; set; } = 200;

    /// <summary>Candidates fetched per requested result; they are re-ranked exactly and the best k returned.</summary>
    /// <value>Default 4.</value>
    [Range(1, 50)]
    public int CandidateMultiplier { get; set; } = 4;

    /// <summary>Extra candidates fetched whatever k is, so small k still gets a useful pool.</summary>
    /// <value>Default 20.</value>
    [Range(0, 500)]
    public int MinimumCandidates { get; set; } = 20;

    /// <summary>Vector quantisation in the index: <c>q8</c> (4× smaller, scores re-ranked exactly from the stored float vectors) or <c>noquant</c>.</summary>
    /// <value>Default <c>q8</c>.</value>
    [RegularExpression("^(q8|noquant)$")]
    public string Quantization { get; set; } = "q8";

    /// <summary>HNSW build exploration factor (VADD EF).</summary>
    /// <value>Default 200 (the store's default).</value>
    [Range(10, 5000)]
    public int BuildEf { get; set; } = 200;

    /// <summary>
    /// HNSW links per node (VADD M) of the sets this server creates: more links make a graph that reaches the same
    /// recall with a smaller search EF. A set keeps the links it was created with (sets made under another setting
    /// are used with their own).
    /// </summary>
    /// <value>Default 32 (the store's default is 16): at 100k, EF 200 on M 32 beat EF 500 on M 16 in recall and p99.</value>
    [Range(4, 128)]
    public int M { get; set; } = 32;
}
