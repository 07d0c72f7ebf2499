using Microsoft.Extensions.Options;
using ReliabilityMcp.Core.Security;

namespace ReliabilityMcp.Server.Security;

/// <summary>
/// The configured bearer tokens, parsed once. Lookups hash the presented token and compare it with every
/// entry in fixed time, visiting all entries, so timing reveals neither which entry matched nor whether any did.
/// </summary>
internal sealed class TokenRegistry
{
    private readonly Entry[] _entries;

    public TokenRegistry(IOptions<AuthOptions> options)
    {
        // AuthOptionsValidator has already rejected malformed entries at startup.
        _entries = [.. options.Value.Tokens.Select(token =>
        {
            BearerTokenHash.TryParseHex(token.Sha256, out var hash);
            var roles = token.Roles.Select(name => PrincipalRoleNames.TryParse(name, out var role) ? role : throw new InvalidOperationException($"Unknown role '{name}'.")).ToHashSet();
            return new Entry(hash, new Principal(token.Principal.Trim(), roles));
        })];
    }

    /// <summary>Whether no token is configured (anonymous loopback mode).</summary>
    public bool IsEmpty => _entries.Length == 0;

    /// <summary>Resolves the principal of a presented token.</summary>
    public bool TryResolve(string token, out Principal principal)
    {
        Span<byte> presented = stackalloc byte[BearerTokenHash.HexLength / 2];
        BearerTokenHash.Compute(token, presented);
        Principal? match = null;
        foreach (var entry in _entries)
        {
            if (BearerTokenHash.FixedTimeEquals(presented, entry.Hash))
            {
                match = entry.Principal;
            }
        }

        principal = match!;
        return match is not null;
    }

    private sealed record Entry(byte[] Hash, Principal Principal);
}
