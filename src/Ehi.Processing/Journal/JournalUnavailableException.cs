namespace Ehi.Processing.Journal;

/// <summary>The journal could not store or read: the host must not acknowledge what it has not stored.</summary>
public sealed class JournalUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JournalUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public JournalUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public JournalUnavailableException()
        : base("The journal is unavailable.")
    {
    }
}
