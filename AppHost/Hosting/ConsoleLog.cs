using System.Text.RegularExpressions;

namespace ReliabilityMcp.AppHost.Hosting;

/// <summary>
/// The one console every resource writes to: each line carries its source as a prefix
/// (<c>[store] ...</c>, <c>[server] ...</c>, <c>[apphost] ...</c>), whole lines only, never interleaved.
/// </summary>
internal sealed partial class ConsoleLog(TextWriter output, TextWriter error, bool color)
{
    private static readonly ConsoleColor[] Palette =
        [ConsoleColor.Cyan, ConsoleColor.Magenta, ConsoleColor.Green, ConsoleColor.Blue, ConsoleColor.DarkYellow, ConsoleColor.DarkCyan];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ConsoleColor> _colors = [];

    /// <summary>Stdout and stderr of this process; colour only on a terminal and when NO_COLOR is unset.</summary>
    public static ConsoleLog ForConsole() => new(
        Console.Out,
        Console.Error,
        !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));

    /// <summary>Writes one line as <c>[source] text</c>; <paramref name="isError"/> sends it to stderr.</summary>
    public void WriteLine(string source, string text, bool isError = false)
    {
        // Child processes colour their own output for terminals; as prefixed lines those codes are noise.
        var clean = AnsiEscape().Replace(text, string.Empty);
        var writer = isError ? error : output;
        lock (_gate)
        {
            if (color)
            {
                Console.ForegroundColor = ColorOf(source);
                writer.Write($"[{source}]");
                Console.ResetColor();
                writer.WriteLine($" {clean}");
            }
            else
            {
                writer.WriteLine($"[{source}] {clean}");
            }

            writer.Flush();
        }
    }

    /// <summary>Writes a block as is (no prefix): output meant to be read or copied by a person.</summary>
    public void WriteBlock(string text)
    {
        lock (_gate)
        {
            output.Write(text);
            output.Flush();
        }
    }

    private ConsoleColor ColorOf(string source)
    {
        if (!_colors.TryGetValue(source, out var value))
        {
            value = Palette[_colors.Count % Palette.Length];
            _colors[source] = value;
        }

        return value;
    }

    [GeneratedRegex(@"\x1B\[[0-9;?]*[A-Za-z]")]
    private static partial Regex AnsiEscape();
}
