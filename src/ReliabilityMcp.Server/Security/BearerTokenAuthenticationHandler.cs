using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using ReliabilityMcp.Core.Security;
using ReliabilityMcp.Server.Http;

namespace ReliabilityMcp.Server.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;token&gt;</c> against the hashed tokens in <c>Auth:Tokens</c>. With no
/// tokens configured, loopback callers are authenticated as <see cref="AnonymousPrincipal"/> and everyone else is
/// refused. Session ids and approval ids are never credentials: only this handler establishes identity.
/// </summary>
internal sealed partial class BearerTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    TokenRegistry tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    private const string BearerPrefix = "Bearer ";

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (tokens.IsEmpty)
        {
            return Task.FromResult(LoopbackRequest.IsLocal(Context)
                ? Success(AnonymousPrincipal.Instance, BearerTokenDefaults.AnonymousLoopbackType)
                : AuthenticateResult.Fail("No bearer tokens are configured (Auth:Tokens); unauthenticated access is only allowed from loopback."));
        }

        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var token = header[BearerPrefix.Length..].Trim();
        if (token.Length > 0 && tokens.TryResolve(token, out var principal))
        {
            return Task.FromResult(Success(principal, BearerTokenDefaults.Scheme));
        }

        LogInvalidToken(Logger, Context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return Task.FromResult(AuthenticateResult.Fail("The bearer token is not valid."));
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = result.Failure is null
            ? $"{BearerTokenDefaults.Scheme} realm=\"{BearerTokenDefaults.Realm}\""
            : $"{BearerTokenDefaults.Scheme} realm=\"{BearerTokenDefaults.Realm}\", error=\"invalid_token\"";
        await JsonRpcErrorResponse.WriteAsync(
            Context,
            StatusCodes.Status401Unauthorized,
            JsonRpcErrorResponse.ServerErrorCode,
            result.Failure?.Message ?? "Unauthorized: send 'Authorization: Bearer <token>' with a token configured in Auth:Tokens.",
            Context.RequestAborted);
    }

    private AuthenticateResult Success(Principal principal, string authenticationType)
        => AuthenticateResult.Success(new AuthenticationTicket(PrincipalClaims.ToClaimsPrincipal(principal, authenticationType), Scheme.Name));

    [LoggerMessage(EventId = 1101, EventName = "InvalidBearerToken", Level = LogLevel.Warning,
        Message = "Rejected a request with an invalid bearer token from {RemoteAddress}")]
    private static partial void LogInvalidToken(ILogger logger, string remoteAddress);
}
