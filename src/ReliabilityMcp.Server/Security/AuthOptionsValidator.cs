using Microsoft.Extensions.Options;
using ReliabilityMcp.Core.Security;

namespace ReliabilityMcp.Server.Security;

/// <summary>
/// Rejects a malformed <c>Auth</c> section at startup with messages that name the entry and say what to write,
/// because a silently ignored token entry is an outage and a silently ignored role is a privilege change.
/// </summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Tokens.Count; i++)
        {
            var token = options.Tokens[i];
            var where = $"Auth:Tokens:{i}";
            if (string.IsNullOrWhiteSpace(token.Principal))
            {
                errors.Add($"{where}:Principal is empty; give the principal name the token authenticates.");
            }
            else if (token.Principal.Trim().Equals(AnonymousPrincipal.Name, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{where}:Principal '{token.Principal}' is reserved for unauthenticated loopback callers.");
            }

            if (!BearerTokenHash.TryParseHex(token.Sha256, out _))
            {
                errors.Add($"{where}:Sha256 must be 64 hex characters (the SHA-256 of the token; run 'ReliabilityMcp.Server hash-token <token>'), not the token itself.");
            }
            else if (!seen.Add(token.Sha256))
            {
                errors.Add($"{where}:Sha256 repeats an earlier entry; each token must map to exactly one principal.");
            }

            if (token.Roles.Count == 0)
            {
                errors.Add($"{where}:Roles is empty; use one or more of agent, approver, admin, telemetry.");
            }

            foreach (var role in token.Roles.Where(role => !PrincipalRoleNames.TryParse(role, out _)))
            {
                errors.Add($"{where}:Roles contains '{role}'; use agent, approver, admin or telemetry.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
