using ReliabilityMcp.Redis.Embedded;

namespace ReliabilityMcp.AppHost;

/// <summary>
/// One AppHost per data directory: two would start two stores on the same files. An exclusive lock on
/// <c>&lt;data&gt;/apphost/apphost.lock</c>, held for the process lifetime and released by the OS on exit.
/// </summary>
internal static class AppHostLock
{
    /// <summary>Takes the lock (before anything else touches the data directory, secrets included); throws
    /// with directions when another AppHost holds it.</summary>
    public static FileStream Acquire(string dataDirectory)
    {
        var stateDirectory = LocalApplication.StateDirectoryOf(dataDirectory);
        OwnerOnlyFile.CreateDirectory(dataDirectory);
        OwnerOnlyFile.CreateDirectory(stateDirectory);
        var path = Path.Combine(stateDirectory, "apphost.lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"Another AppHost is running with this data directory ({path} is locked). Stop it, or set ReliabilityMcp:DataDirectory.", ex);
        }
    }
}
