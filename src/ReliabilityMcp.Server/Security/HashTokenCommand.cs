using ReliabilityMcp.Core.Security;

namespace ReliabilityMcp.Server.Security;

/// <summary>
/// <c>ReliabilityMcp.Server hash-token &lt;token&gt;</c> prints the SHA-256 hex to paste into <c>Auth:Tokens:N:Sha256</c>.
/// <c>hash-token -</c> reads the token from standard input instead, keeping it out of shell history.
/// </summary>
internal static class HashTokenCommand
{
    /// <summary>The verb.</summary>
    public const string Verb = "hash-token";

    /// <summary>Runs the verb when <paramref name="args"/> starts with it.</summary>
    /// <returns>The process exit code, or <see langword="null"/> when the arguments are not this verb.</returns>
    public static int? TryRun(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] != Verb)
        {
            return null;
        }

        var token = args.Length == 2 && args[1] == "-" ? input.ReadLine() : args.Length == 2 ? args[1] : null;
        if (string.IsNullOrEmpty(token))
        {
            error.WriteLine($"usage: ReliabilityMcp.Server {Verb} <token>   (or '{Verb} -' to read the token from stdin)");
            return 2;
        }

        output.WriteLine(BearerTokenHash.ComputeHex(token));
        return 0;
    }
}
