namespace ReliabilityMcp.Core.Security;

/// <summary>
/// Builds a child process's environment from an allow list instead of inheriting the server's (issue 17). The
/// server's environment carries its secrets (<c>Chaos__Token</c>, <c>ProcessControl__Token</c>, webhook secrets,
/// connection strings, whatever the host adds next); a deny list of prefixes misses the next one, an allow list
/// cannot. Only what a program needs to find itself and its locale passes by default.
/// </summary>
public static class ChildProcessEnvironment
{
    /// <summary>Names passed by default: search path, home, user, locale, time zone, temp directory (and their Windows forms).</summary>
    public static IReadOnlyList<string> DefaultNames { get; } =
    [
        "PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "TZ", "TMPDIR",
        "SystemRoot", "windir", "ComSpec", "PATHEXT", "TEMP", "TMP", "USERPROFILE",
    ];

    /// <summary>
    /// <see cref="Restrict"/> for a child that is itself a .NET program (the embedded store): the runtime's own settings
    /// (<c>DOTNET_*</c>, <c>COMPlus_*</c>) pass as well, so GC and runtime knobs still apply.
    /// </summary>
    public static void RestrictForDotnet(IDictionary<string, string?> environment) =>
        Restrict(environment, Environment.GetEnvironmentVariables().Keys.OfType<string>()
            .Where(name => name.StartsWith("DOTNET_", StringComparison.OrdinalIgnoreCase) || name.StartsWith("COMPlus_", StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// Replaces <paramref name="environment"/> (a <c>ProcessStartInfo.Environment</c>, which starts as a copy of the
    /// server's) with the server's values of <see cref="DefaultNames"/> and <paramref name="extraNames"/> only.
    /// </summary>
    public static void Restrict(IDictionary<string, string?> environment, IEnumerable<string> extraNames)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(extraNames);
        environment.Clear();
        foreach (var name in DefaultNames.Concat(extraNames))
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                environment[name] = value;
            }
        }
    }
}
