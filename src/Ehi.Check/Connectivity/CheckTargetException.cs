namespace Ehi.Check.Connectivity;

/// <summary>The target could not be assessed at all (connect, DNS, handshake): exit code 3.</summary>
public sealed class CheckTargetException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CheckTargetException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CheckTargetException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CheckTargetException()
        : base("The target cannot be assessed.")
    {
    }
}
