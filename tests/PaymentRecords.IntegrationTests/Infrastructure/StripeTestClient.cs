using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace PaymentRecords.IntegrationTests.Infrastructure;

/// <summary>The answer to one request: status, parsed JSON body, headers.</summary>
public sealed record StripeResponse(HttpStatusCode Status, JsonObject Body, string Raw, HttpResponseHeaders Headers)
{
    public string Id => Body["id"]!.GetValue<string>();
    public JsonObject Error => Body["error"]!.AsObject();
    public string? ErrorCode => Body["error"]?["code"]?.GetValue<string>();
    public string? ErrorParam => Body["error"]?["param"]?.GetValue<string>();
    public string? ErrorMessage => Body["error"]?["message"]?.GetValue<string>();
    public string? Header(string name) => Headers.TryGetValues(name, out var values) ? values.First() : null;

    public StripeResponse AssertOk()
    {
        Assert.True(Status == HttpStatusCode.OK, $"Expected 200, got {(int)Status}: {Raw}");
        return this;
    }

    /// <summary>A 400 with no <c>code</c> and, when given, exactly <paramref name="message"/> (Stripe's wrong-state refusals carry no code).</summary>
    public StripeResponse AssertRefusedWithoutCode(string? message = null)
    {
        AssertError(HttpStatusCode.BadRequest);
        Assert.Null(ErrorCode);
        if (message is not null) Assert.Equal(message, ErrorMessage);
        return this;
    }

    /// <summary>Stripe's refusal of an <c>expand[]</c> path: a 400 with neither <c>code</c> nor <c>param</c> (its recorded body).</summary>
    public StripeResponse AssertCannotExpand()
    {
        AssertRefusedWithoutCode();
        Assert.Null(ErrorParam);
        Assert.StartsWith("This property cannot be expanded (", ErrorMessage);
        return this;
    }

    public StripeResponse AssertError(HttpStatusCode status, string? code = null, string? param = null)
    {
        Assert.True(Status == status, $"Expected {(int)status}, got {(int)Status}: {Raw}");
        Assert.NotNull(Body["error"]);
        if (code is not null) Assert.Equal(code, ErrorCode);
        if (param is not null) Assert.Equal(param, ErrorParam);
        return this;
    }
}

/// <summary>
/// Raw HTTP the way the SDKs talk: form-encoded bodies with bracketed keys, Basic or Bearer auth, optional
/// Idempotency-Key. Parameters are (key, value) pairs so tests can send exactly what an SDK would.
/// </summary>
public sealed class StripeTestClient(Uri baseAddress, string apiKey)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromSeconds(60) };

    public string ApiKey { get; } = apiKey;
    public Uri BaseAddress { get; } = baseAddress;

    public StripeTestClient WithBase(Uri other) => new(other, ApiKey);

    public Task<StripeResponse> GetAsync(string path, params (string Key, string Value)[] query) =>
        SendAsync(HttpMethod.Get, path + Query(query), null, null);

    public Task<StripeResponse> PostAsync(string path, params (string Key, string Value)[] form) =>
        SendAsync(HttpMethod.Post, path, form, null);

    public Task<StripeResponse> PostIdempotentAsync(string path, string idempotencyKey, params (string Key, string Value)[] form) =>
        SendAsync(HttpMethod.Post, path, form, idempotencyKey);

    public Task<StripeResponse> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null, null);

    public async Task<StripeResponse> SendAsync(HttpMethod method, string path, (string Key, string Value)[]? form,
        string? idempotencyKey, Action<HttpRequestMessage>? customize = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseAddress, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        request.Headers.Add("Stripe-Version", "2025-10-29.clover");
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (form is not null) request.Content = new StringContent(Encode(form), Encoding.UTF8, "application/x-www-form-urlencoded");
        customize?.Invoke(request);
        using var response = await Http.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        var body = raw.Length > 0 && raw[0] == '{' ? JsonNode.Parse(raw)!.AsObject() : new JsonObject();
        Contract.ContractSweep.Observe(method.Method, path, body);
        return new StripeResponse(response.StatusCode, body, raw, response.Headers);
    }

    public static string Encode(IEnumerable<(string Key, string Value)> pairs) =>
        string.Join("&", pairs.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));

    private static string Query((string Key, string Value)[] query) => query.Length == 0 ? "" : "?" + Encode(query);
}
