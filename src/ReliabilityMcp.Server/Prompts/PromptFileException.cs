namespace ReliabilityMcp.Server.Prompts;

/// <summary>A prompt file that cannot be served; the message names the file and what to fix.</summary>
public sealed class PromptFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PromptFileException(string path, string problem, Exception? innerException = null)
        : base($"Prompt file '{path}': {problem}", innerException)
    {
        FilePath = path;
    }

    /// <summary>The offending file.</summary>
    public string FilePath { get; }
}
