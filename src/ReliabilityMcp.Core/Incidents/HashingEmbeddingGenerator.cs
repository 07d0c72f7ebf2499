using System.Buffers;
using System.Collections.Frozen;
using Microsoft.Extensions.AI;

namespace ReliabilityMcp.Core.Incidents;

/// <summary>
/// The default embedder: offline, deterministic feature hashing (the "hashing trick") of words, word pairs and
/// character trigrams into a fixed number of dimensions, L2-normalised. Texts that share terms land close
/// together even when the wording around them differs; synonyms that share no characters ("OOM" and "ran out of
/// memory") do not, which is what a learned model (see <c>Incidents:Embeddings:Provider: openai</c>) is for.
/// </summary>
/// <remarks>
/// Per text: lower-case, split on anything that is not a letter or digit, drop English stop words and
/// one-character tokens, strip a plural <c>s</c> and one of <c>ing</c>/<c>ion</c>/<c>ed</c> (crude, but the same
/// on both sides of a comparison). Each remaining stem adds weight 1 to its bucket, each pair of adjacent stems
/// 0.7, each trigram of <c>#stem#</c> 0.25. A bucket is chosen by FNV-1a (stable across processes, unlike
/// <see cref="string.GetHashCode()"/>) and one hash bit picks the sign, so collisions cancel on average instead of
/// piling up. Components are then square-rooted (keeping sign) so a word repeated ten times does not drown the
/// rest (sublinear term frequency), and the vector is L2-normalised. An empty text gives the zero vector.
/// </remarks>
public sealed class HashingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Provider name in the embedder's metadata and in the index's record of who built it.</summary>
    public const string Provider = "reliabilitymcp-hashing";

    /// <summary>Model id: bump when the features change, so an index built by an older version is refused.</summary>
    public const string Model = "hashing-v1";

    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;
    private const float WordWeight = 1f;
    private const float PairWeight = 0.7f;
    private const float TrigramWeight = 0.25f;

    private static readonly FrozenSet<string> StopWords = new[]
    {
        "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
        "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
        "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having",
        "he", "her", "here", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me",
        "more", "most", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our",
        "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "them",
        "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very",
        "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would",
        "you", "your", "via", "per", "got", "get", "gets", "still", "around", "across", "within", "without",
    }.ToFrozenSet(StringComparer.Ordinal);

    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Creates the embedder.</summary>
    /// <param name="dimensions">Output dimension (16–4096); 384 by default.</param>
    public HashingEmbeddingGenerator(int dimensions = 384)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, 4096);
        Dimensions = dimensions;
        _metadata = new EmbeddingGeneratorMetadata(Provider, null, Model, dimensions);
    }

    /// <summary>Output dimension.</summary>
    public int Dimensions { get; }

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.Dimensions is { } asked && asked != Dimensions)
        {
            throw new ArgumentException($"This embedder produces {Dimensions} dimensions; {asked} were asked for.", nameof(options));
        }

        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var value in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Add(new Embedding<float>(Embed(value)) { ModelId = Model });
        }

        return Task.FromResult(result);
    }

    /// <summary>Embeds one text synchronously (the work is CPU-only and takes microseconds).</summary>
    public float[] Embed(string? text)
    {
        var vector = new float[Dimensions];
        if (string.IsNullOrEmpty(text))
        {
            return vector;
        }

        var buffer = ArrayPool<char>.Shared.Rent(text.Length);
        try
        {
            var lower = buffer.AsSpan(0, text.Length);
            text.AsSpan().ToLowerInvariant(lower);
            ulong previousStem = 0;
            var havePrevious = false;
            var i = 0;
            while (i < lower.Length)
            {
                if (!char.IsLetterOrDigit(lower[i]))
                {
                    i++;
                    continue;
                }

                var start = i;
                while (i < lower.Length && char.IsLetterOrDigit(lower[i]))
                {
                    i++;
                }

                var token = lower[start..i];
                if (token.Length < 2 || IsStopWord(token))
                {
                    continue;
                }

                var stem = Stem(token);
                var stemHash = Hash(1, stem);
                Add(vector, stemHash, WordWeight);
                if (havePrevious)
                {
                    Add(vector, Mix(previousStem, stemHash), PairWeight);
                }

                previousStem = stemHash;
                havePrevious = true;
                AddTrigrams(vector, stem);
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }

        double norm = 0;
        for (var d = 0; d < vector.Length; d++)
        {
            var v = vector[d];
            vector[d] = MathF.CopySign(MathF.Sqrt(MathF.Abs(v)), v);
            norm += vector[d] * vector[d];
        }

        if (norm > 0)
        {
            var scale = (float)(1 / Math.Sqrt(norm));
            for (var d = 0; d < vector.Length; d++)
            {
                vector[d] *= scale;
            }
        }

        return vector;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing to release: the embedder holds no resources.
    }

    private static bool IsStopWord(ReadOnlySpan<char> token) =>
        StopWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(token);

    /// <summary>Strips a plural and one common suffix; never below four characters.</summary>
    internal static ReadOnlySpan<char> Stem(ReadOnlySpan<char> token)
    {
        if (token.Length > 4 && token[^1] == 's' && token[^2] != 's' && token[^2] != 'u')
        {
            token = token[..^1];
        }

        if (token.Length > 6 && token.EndsWith("ing"))
        {
            return token[..^3];
        }

        if (token.Length > 6 && token.EndsWith("ion"))
        {
            return token[..^3];
        }

        return token.Length > 5 && token.EndsWith("ed") ? token[..^2] : token;
    }

    private void AddTrigrams(float[] vector, ReadOnlySpan<char> stem)
    {
        // Trigrams of "#stem#": the boundary marks let prefixes and suffixes count as features of their own.
        Span<char> gram = stackalloc char[3];
        var length = stem.Length + 2;
        for (var start = 0; start + 3 <= length; start++)
        {
            for (var j = 0; j < 3; j++)
            {
                var position = start + j;
                gram[j] = position == 0 || position == length - 1 ? '#' : stem[position - 1];
            }

            Add(vector, Hash(3, gram), TrigramWeight);
        }
    }

    private void Add(float[] vector, ulong hash, float weight)
    {
        var index = (int)((hash >> 32) % (uint)Dimensions);
        vector[index] += (hash & 1) == 0 ? weight : -weight;
    }

    private static ulong Hash(int kind, ReadOnlySpan<char> text)
    {
        var hash = (FnvOffset ^ (ulong)kind) * FnvPrime;
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * FnvPrime;
            hash = (hash ^ (byte)(c >> 8)) * FnvPrime;
        }

        return Finalise(hash);
    }

    private static ulong Mix(ulong first, ulong second) => Finalise((first * 31) ^ (second + 0x9E3779B97F4A7C15UL));

    // FNV's low bits mix poorly; a final avalanche (from SplitMix64) makes both the sign bit and the index uniform.
    private static ulong Finalise(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
