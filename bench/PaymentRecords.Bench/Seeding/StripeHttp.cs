using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace PaymentRecords.Bench.Seeding;

/// <summary>The few untimed requests the seeder makes (templates, witnesses, checks), sent as Stripe.net sends them.</summary>
internal sealed class StripeHttp : IDisposable
{
    private readonly HttpClient _http;

    public StripeHttp(Uri url, string key)
    {
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = url, Timeout = TimeSpan.FromMinutes(2) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        _http.DefaultRequestHeaders.Add("Stripe-Version", ApiClient.StripeVersion);
    }

    public async Task<JsonObject> PostAsync(string path, params (string Key, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Key, f.Value))),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>GET; returns the status and the parsed body (null when it is not JSON).</summary>
    public async Task<(int Status, JsonObject? Body)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        JsonObject? json = null;
        try { json = JsonNode.Parse(body) as JsonObject; } catch (System.Text.Json.JsonException) { }
        return ((int)response.StatusCode, json);
    }

    public void Dispose() => _http.Dispose();
}
