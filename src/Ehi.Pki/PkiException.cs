namespace Ehi.Pki;

/// <summary>A certificate, key or CRL problem described in one plain sentence for the user.</summary>
public sealed class PkiException : Exception
{
    /// <summary>Creates the exception with its user-facing sentence.</summary>
    public PkiException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its user-facing sentence and the cause.</summary>
    public PkiException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception with a generic sentence.</summary>
    public PkiException()
        : base("A certificate problem occurred.")
    {
    }
}
