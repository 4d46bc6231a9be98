using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PaymentRecords.Bench.Scenarios;

namespace PaymentRecords.Bench;

/// <summary>Outcome of one timed request. Timestamps are <see cref="Stopwatch"/> ticks.</summary>
internal readonly record struct StepResult(bool Ok, int Status, long StartTicks, long EndTicks, string? ErrorBody, bool Transport)
{
    public long Microseconds => (EndTicks - StartTicks) * 1_000_000 / Stopwatch.Frequency;
}

/// <summary>
/// Sends scenario steps the way Stripe.net does: Bearer key, Stripe-Version, a fresh Idempotency-Key
/// on every POST, and a form body with literal square brackets in keys (<c>metadata[k]=v</c>).
/// One instance (and one connection pool) is shared by all workers.
/// </summary>
internal sealed class ApiClient : IDisposable
{
    public const string StripeVersion = "2025-10-29.clover";
    private static readonly MediaTypeHeaderValue FormContentType = new("application/x-www-form-urlencoded");

    private readonly HttpClient _http;

    /// <summary>With <c>--webhook</c>: where each response's Request-Id and read time go.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, long>? ResponseTimes { get; set; }

    public ApiClient(Uri baseUrl, string apiKey, int maxConnections, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(1, maxConnections),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false, // never route loopback load through an http_proxy from the environment
            AllowAutoRedirect = false,
        };
        _http = new HttpClient(handler, disposeHandler: true) { BaseAddress = baseUrl, Timeout = timeout };
        _http.DefaultRequestVersion = HttpVersion.Version11;
        _http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        var headers = _http.DefaultRequestHeaders;
        headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        headers.Add("Stripe-Version", StripeVersion);
        headers.UserAgent.Add(new ProductInfoHeaderValue("PaymentRecords.Bench", "1.0"));
        headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    /// <summary>Sends one step; only the send and the full read of the response are timed.</summary>
    public async Task<StepResult> SendAsync(Step step, FlowContext ctx, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(step.Method, step.Path(ctx).TrimStart('/'));
        if (step.Form is not null)
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(EncodeForm(step.Form(ctx))));
            content.Headers.ContentType = FormContentType;
            request.Content = content;
        }

        if (step.Method == HttpMethod.Post)
        {
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        }

        var start = Stopwatch.GetTimestamp();
        int status;
        byte[] body;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            status = (int)response.StatusCode;
            body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            if (ResponseTimes is not null && response.Headers.TryGetValues("Request-Id", out var requestIds))
                ResponseTimes[requestIds.First()] = Stopwatch.GetTimestamp();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !ct.IsCancellationRequested)
        {
            var failedAt = Stopwatch.GetTimestamp();
            var message = e is TaskCanceledException ? $"timed out after {_http.Timeout.TotalSeconds:0.#}s" : e.Message;
            return new StepResult(false, 0, start, failedAt, $"{e.GetType().Name}: {message}", Transport: true);
        }

        var end = Stopwatch.GetTimestamp();
        if (status is < 200 or > 299)
        {
            return new StepResult(false, status, start, end, Encoding.UTF8.GetString(body), Transport: false);
        }

        if (step.SaveIdAs is not null)
        {
            var id = TryReadId(body);
            if (id is null)
            {
                return new StepResult(false, status, start, end,
                    "response has no string \"id\" to save as '" + step.SaveIdAs + "': " + Encoding.UTF8.GetString(body), Transport: false);
            }

            ctx[step.SaveIdAs] = id;
        }

        return new StepResult(true, status, start, end, null, Transport: false);
    }

    /// <summary>Form encoding as the Stripe SDKs do it: percent-encode, then put brackets back.</summary>
    public static string EncodeForm(Form form)
    {
        var sb = new StringBuilder();
        foreach (var (key, value) in form)
        {
            if (sb.Length > 0)
            {
                sb.Append('&');
            }

            sb.Append(Encode(key)).Append('=').Append(Encode(value));
        }

        return sb.ToString();

        static string Encode(string s) => WebUtility.UrlEncode(s).Replace("%5B", "[", StringComparison.Ordinal).Replace("%5D", "]", StringComparison.Ordinal);
    }

    private static string? TryReadId(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object &&
                   doc.RootElement.TryGetProperty("id", out var id) &&
                   id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
