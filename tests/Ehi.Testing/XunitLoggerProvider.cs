using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Ehi.Testing;

/// <summary>Routes server logs into the test's output, and keeps them for assertions. Scopes
/// (such as the connection's client address) are written before the message, as the console does.</summary>
public sealed class XunitLoggerProvider(ITestOutputHelper? output) : ILoggerProvider, ISupportExternalScope
{
    private readonly List<string> _lines = [];
    private IExternalScopeProvider? _scopes;

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        lock (_lines)
        {
            _lines.Add(line);
        }

        try
        {
            output?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test already finished; the line stays in Lines.
        }
    }

    private sealed class Logger(XunitLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                var scopes = new System.Text.StringBuilder();
                provider._scopes?.ForEachScope((scope, sb) => sb.Append("=> ").Append(scope).Append(' '), scopes);
                provider.Add($"{logLevel} {category}[{eventId.Id}] {scopes}{formatter(state, exception)}{(exception is null ? string.Empty : " " + exception.GetType().Name)}");
            }
        }
    }
}
