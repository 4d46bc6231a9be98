namespace PaymentRecords.Api.Pipeline;

/// <summary>
/// Test-only behaviour, off unless configuration sets <c>PaymentRecords:EnableTestHooks=true</c>: a request may
/// ask to be held inside its transaction (header <c>X-Test-Delay-Ms</c>) so tests can race a second one against it,
/// or to fail unexpectedly (<c>X-Test-Throw</c>) so tests can see what an unforeseen exception answers.
/// </summary>
public sealed class TestHooks(IConfiguration configuration)
{
    private readonly bool _enabled = configuration.GetValue<bool>("PaymentRecords:EnableTestHooks");

    public Task DelayIfAskedAsync(HttpContext http) =>
        DelayAsked(http) is { } delay ? Task.Delay(delay) : Task.CompletedTask;

    /// <summary>The hold asked for, if any (a single-trip write holds it server side, inside its transaction).</summary>
    public TimeSpan? DelayAsked(HttpContext http)
    {
        if (!_enabled || !int.TryParse(http.Request.Headers["X-Test-Delay-Ms"], out var ms) || ms <= 0) return null;
        return TimeSpan.FromMilliseconds(Math.Min(ms, 30_000));
    }

    public void ThrowIfAsked(HttpContext http)
    {
        if (_enabled && http.Request.Headers.ContainsKey("X-Test-Throw"))
            throw new InvalidOperationException("Test hook: an unexpected failure inside the transaction.");
    }
}
