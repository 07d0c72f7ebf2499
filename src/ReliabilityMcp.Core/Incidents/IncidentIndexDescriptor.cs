namespace ReliabilityMcp.Core.Incidents;

/// <summary>What built an incident vector index: vectors from different embedders or dimensions are not comparable.</summary>
/// <param name="EmbedderId">Embedder and model, e.g. <c>reliabilitymcp-hashing/hashing-v1</c> or <c>openai/text-embedding-3-small</c>.</param>
/// <param name="TextDimensions">Dimension of the text embedding.</param>
/// <param name="FeaturesVersion">Version of the structured features appended to it.</param>
/// <param name="Dimensions">Dimension of the stored vectors.</param>
public sealed record IncidentIndexDescriptor(string EmbedderId, int TextDimensions, string FeaturesVersion, int Dimensions)
{
    /// <summary>A one-line description for messages.</summary>
    public override string ToString() => $"{EmbedderId} ({TextDimensions} text dimensions, {FeaturesVersion}, {Dimensions} stored)";
}
