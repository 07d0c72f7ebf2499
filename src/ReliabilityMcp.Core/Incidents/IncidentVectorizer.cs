using System.Text;
using Microsoft.Extensions.AI;
using ReliabilityMcp.Core.Policies;

namespace ReliabilityMcp.Core.Incidents;

/// <summary>
/// Turns an incident (or a search) into one L2-normalised vector: the text embedding of title, symptoms,
/// description and root cause (any <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>), followed by a small
/// block of structured features (telemetry regime, service, severity) that the vectorizer computes itself.
/// </summary>
/// <remarks>
/// Both blocks are normalised on their own and weighted (text 80% of the squared norm, structure 20%), so the
/// cosine of two vectors is 0.8 × text cosine + 0.2 × structure cosine when both have both. Telemetry is encoded as
/// a "regime": each standard metric is placed on a log or linear scale and spread over four soft buckets (linear
/// interpolation between neighbours), so 850 ms and 900 ms p99 are nearly identical while 80 ms is not. Custom
/// metrics are stored but not embedded (their names are unbounded; hashing them would mostly add noise).
/// </remarks>
public sealed class IncidentVectorizer
{
    /// <summary>Size of the structured block appended to the text embedding.</summary>
    public const int StructuredDimensions = 32;

    /// <summary>Version of the structured features (part of the index descriptor).</summary>
    public const string FeaturesVersion = "features-v1";

    private const float TextShare = 0.8f;
    private const int Buckets = 4;
    private const int ServiceSlots = 8;
    private const int TelemetryOffset = 0;
    private const int ServiceOffset = 20;
    private const int SeverityOffset = 28;

    private static readonly string[] Metrics =
        [TelemetryMetrics.LatencyP99, TelemetryMetrics.ErrorRate, TelemetryMetrics.Throughput, TelemetryMetrics.CpuUtil, TelemetryMetrics.MemoryUtil];

    private readonly IEmbeddingGenerator<string, Embedding<float>> _text;
    private readonly HashingEmbeddingGenerator? _hashing;

    /// <summary>Creates a vectorizer over a text embedder.</summary>
    /// <param name="text">The text embedder.</param>
    /// <param name="embedderId">Stable name of the embedder and model, e.g. <c>reliabilitymcp-hashing/hashing-v1</c>.</param>
    /// <param name="textDimensions">The dimension the text embedder produces.</param>
    public IncidentVectorizer(IEmbeddingGenerator<string, Embedding<float>> text, string embedderId, int textDimensions)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(embedderId);
        ArgumentOutOfRangeException.ThrowIfLessThan(textDimensions, 1);
        _text = text;
        _hashing = text as HashingEmbeddingGenerator;
        EmbedderId = embedderId;
        TextDimensions = textDimensions;
    }

    /// <summary>The default: a <see cref="HashingEmbeddingGenerator"/> of <paramref name="dimensions"/>.</summary>
    public static IncidentVectorizer CreateHashing(int dimensions = 384) =>
        new(new HashingEmbeddingGenerator(dimensions), $"{HashingEmbeddingGenerator.Provider}/{HashingEmbeddingGenerator.Model}", dimensions);

    /// <summary>Which embedder builds the text block.</summary>
    public string EmbedderId { get; }

    /// <summary>Dimension of the text block.</summary>
    public int TextDimensions { get; }

    /// <summary>Dimension of the whole vector.</summary>
    public int Dimensions => TextDimensions + StructuredDimensions;

    /// <summary>
    /// What an index built by this vectorizer records, so a server configured otherwise refuses it instead of
    /// comparing vectors from different spaces.
    /// </summary>
    public IncidentIndexDescriptor Descriptor => new(EmbedderId, TextDimensions, FeaturesVersion, Dimensions);

    /// <summary>The text that is embedded for an incident.</summary>
    public static string RenderText(NewIncident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var text = new StringBuilder(incident.Title);
        Append(text, incident.Symptoms);
        Append(text, incident.Description);
        Append(text, incident.RootCause);
        return text.ToString();

        static void Append(StringBuilder text, string? part)
        {
            if (!string.IsNullOrWhiteSpace(part))
            {
                text.Append('\n').Append(part);
            }
        }
    }

    /// <summary>The vector of a recorded incident.</summary>
    public Task<float[]> VectorizeAsync(NewIncident incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return BuildAsync(RenderText(incident), incident.Telemetry, incident.Service, incident.Severity, cancellationToken);
    }

    /// <summary>The vector of a search.</summary>
    public Task<float[]> VectorizeAsync(IncidentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return BuildAsync(query.Text, query.Telemetry, query.Service, query.Severity, cancellationToken);
    }

    /// <summary>Embeds many incidents at once (the seed and the benchmarks); remote embedders get one batch.</summary>
    public async Task<float[][]> VectorizeManyAsync(IReadOnlyList<NewIncident> incidents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        var texts = incidents.Select(RenderText).ToList();
        var embeddings = _hashing is not null
            ? texts.Select(_hashing.Embed).ToArray()
            : (await _text.GenerateAsync(texts, cancellationToken: cancellationToken).ConfigureAwait(false)).Select(e => CheckDimension(e.Vector)).ToArray();
        var vectors = new float[incidents.Count][];
        for (var i = 0; i < incidents.Count; i++)
        {
            vectors[i] = Combine(embeddings[i], incidents[i].Telemetry, incidents[i].Service, incidents[i].Severity);
        }

        return vectors;
    }

    /// <summary>Cosine of two normalised vectors (their dot product).</summary>
    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => VectorMath.Dot(a, b);

    private async Task<float[]> BuildAsync(
        string? text, IReadOnlyDictionary<string, double> telemetry, string? service, IncidentSeverity? severity, CancellationToken cancellationToken)
    {
        float[] embedding;
        if (string.IsNullOrWhiteSpace(text))
        {
            embedding = new float[TextDimensions];
        }
        else if (_hashing is not null)
        {
            embedding = _hashing.Embed(text);
        }
        else
        {
            var generated = await _text.GenerateAsync([text], cancellationToken: cancellationToken).ConfigureAwait(false);
            embedding = CheckDimension(generated[0].Vector);
        }

        return Combine(embedding, telemetry, service, severity);
    }

    private float[] CheckDimension(ReadOnlyMemory<float> vector) => vector.Length == TextDimensions
        ? vector.ToArray()
        : throw new InvalidOperationException(
            $"The embedder {EmbedderId} returned {vector.Length} dimensions, but {TextDimensions} are configured (Incidents:Embeddings:Dimension).");

    private float[] Combine(float[] embedding, IReadOnlyDictionary<string, double> telemetry, string? service, IncidentSeverity? severity)
    {
        var vector = new float[Dimensions];
        var textNorm = Norm(embedding);
        if (textNorm > 0)
        {
            var scale = MathF.Sqrt(TextShare) / textNorm;
            for (var i = 0; i < embedding.Length; i++)
            {
                vector[i] = embedding[i] * scale;
            }
        }

        var structure = vector.AsSpan(TextDimensions);
        Structure(structure, telemetry, service, severity);
        var structureNorm = Norm(structure);
        if (structureNorm > 0)
        {
            var scale = MathF.Sqrt(1 - TextShare) / structureNorm;
            foreach (ref var value in structure)
            {
                value *= scale;
            }
        }

        var total = Norm(vector);
        if (total > 0)
        {
            foreach (ref var value in vector.AsSpan())
            {
                value /= total;
            }
        }

        return vector;
    }

    /// <summary>Fills the structured block (unnormalised): telemetry 60%, service 25%, severity 15% of its squared norm.</summary>
    internal static void Structure(Span<float> block, IReadOnlyDictionary<string, double> telemetry, string? service, IncidentSeverity? severity)
    {
        var metrics = block.Slice(TelemetryOffset, Metrics.Length * Buckets);
        for (var m = 0; m < Metrics.Length; m++)
        {
            if (telemetry.TryGetValue(Metrics[m], out var value) && double.IsFinite(value))
            {
                var position = Position(Metrics[m], value);
                var low = Math.Min((int)position, Buckets - 2);
                var fraction = (float)(position - low);
                metrics[(m * Buckets) + low] = 1 - fraction;
                metrics[(m * Buckets) + low + 1] = fraction;
            }
        }

        Scale(metrics, 0.60f);
        if (!string.IsNullOrEmpty(service))
        {
            var slot = (int)(Fnv(service) % ServiceSlots);
            block[ServiceOffset + slot] = 1;
            Scale(block.Slice(ServiceOffset, ServiceSlots), 0.25f);
        }

        if (severity is { } s)
        {
            var levels = block.Slice(SeverityOffset, 4);
            var index = (int)s;
            levels[index] = 1;
            if (index > 0)
            {
                levels[index - 1] = 0.5f;
            }

            if (index < 3)
            {
                levels[index + 1] = 0.5f;
            }

            Scale(levels, 0.15f);
        }
    }

    /// <summary>Where a metric value sits on its 0–3 bucket scale.</summary>
    internal static double Position(string metric, double value)
    {
        var position = metric switch
        {
            // 50 ms → 0, 20 s → 3 on a log scale.
            TelemetryMetrics.LatencyP99 => (Math.Log10(Math.Max(value, 1)) - 1.7) / (4.3 - 1.7) * 3,
            // 0.1% → 0, 50% → 3 on a log scale.
            TelemetryMetrics.ErrorRate => (Math.Log10(Math.Max(value, 1e-4)) + 3) / (Math.Log10(0.5) + 3) * 3,
            // 1 rps → 0, 100k rps → 3 on a log scale.
            TelemetryMetrics.Throughput => Math.Log10(Math.Max(value, 1)) / 5 * 3,
            _ => value * 3,
        };
        return Math.Clamp(position, 0, Buckets - 1);
    }

    private static void Scale(Span<float> part, float share)
    {
        var norm = Norm(part);
        if (norm > 0)
        {
            var scale = MathF.Sqrt(share) / norm;
            foreach (ref var value in part)
            {
                value *= scale;
            }
        }
    }

    private static float Norm(ReadOnlySpan<float> values) => VectorMath.Norm(values);

    private static uint Fnv(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
