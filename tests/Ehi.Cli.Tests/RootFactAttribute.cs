namespace Ehi.Cli.Tests;

/// <summary>A test that needs root (to mount a tmpfs): skipped, saying so, when run as another user.
/// CI runs as root, so there it always runs.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Skip = "needs root to mount a small tmpfs (mount -t tmpfs); CI runs as root";
        }
    }
}
