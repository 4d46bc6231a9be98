using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PaymentRecords.IntegrationTests.Infrastructure;

/// <summary>Keeps what a test server logs at Error or above, with the exception, so tests can see it was logged.</summary>
public sealed class ErrorLog : ILoggerProvider
{
    public ConcurrentQueue<(string Message, Exception? Exception)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose() { }

    private sealed class Logger(ErrorLog owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner.Entries.Enqueue((formatter(state, exception), exception));
        }
    }
}
