namespace ReliabilityMcp.Core.Slo;

/// <summary>A scrape that is not valid Prometheus text format; the message names the line and what is wrong.</summary>
public sealed class PrometheusFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public PrometheusFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PrometheusFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public PrometheusFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for line <paramref name="line"/>.</summary>
    public PrometheusFormatException(int line, string problem)
        : base($"line {line}: {problem}")
    {
        Line = line;
    }

    /// <summary>1-based line number of the problem (0 when not tied to a line).</summary>
    public int Line { get; }
}
