namespace Ehi.Server.Hosting;

/// <summary>The server cannot start: every configuration problem found, each one sentence.</summary>
public sealed class ServerConfigurationException : Exception
{
    /// <summary>Creates the exception from the collected problems.</summary>
    public ServerConfigurationException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems)) => Problems = problems;

    /// <summary>Creates an exception with one problem.</summary>
    public ServerConfigurationException(string problem)
        : this([problem])
    {
    }

    /// <summary>Creates an exception with a generic problem.</summary>
    public ServerConfigurationException()
        : this("The server configuration is not valid.")
    {
    }

    /// <summary>Creates an exception with one problem and its cause.</summary>
    public ServerConfigurationException(string problem, Exception inner)
        : base(problem, inner) => Problems = [problem];

    /// <summary>The problems, in the order found.</summary>
    public IReadOnlyList<string> Problems { get; }
}
