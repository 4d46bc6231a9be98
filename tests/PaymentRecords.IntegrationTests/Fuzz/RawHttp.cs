using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace PaymentRecords.IntegrationTests.Fuzz;

/// <summary>One HTTP/1.1 answer read off a raw socket: status, headers (lower-cased names), de-chunked body.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The body's <c>error</c> object when the body is Stripe's envelope with a type and a message.</summary>
    public JsonObject? StripeError()
    {
        try
        {
            var error = JsonNode.Parse(Body)?["error"] as JsonObject;
            return error?["type"]?.GetValue<string>() is { Length: > 0 } && error["message"]?.GetValue<string>() is { Length: > 0 } ? error : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// Sends bytes exactly as given (HttpClient would validate or normalise the request line and headers) and reads
/// one answer. The request should ask for <c>Connection: close</c>, or be one Kestrel refuses (it closes then).
/// </summary>
public static class RawHttp
{
    public static async Task<RawResponse> SendAsync(Uri server, byte[] request, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cts.Token);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request, cts.Token);
        }
        catch (IOException)
        {
            // The server may answer and close before taking the whole request (a refused request line): read on.
        }
        var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer, cts.Token)) > 0)
            {
                received.Write(buffer, 0, n);
                if (Parse(received.ToArray()) is not null) break;
            }
        }
        catch (IOException)
        {
            // A reset after the answer: keep what arrived.
        }
        return Parse(received.ToArray()) ?? throw new InvalidOperationException(
            $"No complete HTTP answer; received {received.Length} bytes: {Encoding.ASCII.GetString(received.ToArray())}");
    }

    public static Task<RawResponse> SendAsync(Uri server, string request, TimeSpan? timeout = null) =>
        SendAsync(server, Encoding.UTF8.GetBytes(request), timeout);

    /// <summary>A complete answer, or null while more bytes are needed.</summary>
    private static RawResponse? Parse(byte[] bytes)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (headEnd < 0) return null;
        var lines = text[..headEnd].Split("\r\n");
        var status = int.Parse(lines[0].AsSpan(9, 3));
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        var rest = bytes.AsSpan(Encoding.Latin1.GetByteCount(text[..(headEnd + 4)]));
        if (headers.TryGetValue("Content-Length", out var length))
        {
            var n = int.Parse(length);
            return rest.Length < n ? null : new RawResponse(status, headers, Encoding.UTF8.GetString(rest[..n]));
        }
        if (headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            var body = new MemoryStream();
            var pos = 0;
            while (true)
            {
                var lineEnd = rest[pos..].IndexOf("\r\n"u8);
                if (lineEnd < 0) return null;
                var size = Convert.ToInt32(Encoding.ASCII.GetString(rest.Slice(pos, lineEnd)).Split(';')[0].Trim(), 16);
                pos += lineEnd + 2;
                if (size == 0) return new RawResponse(status, headers, Encoding.UTF8.GetString(body.ToArray()));
                if (rest.Length < pos + size + 2) return null;
                body.Write(rest.Slice(pos, size));
                pos += size + 2;
            }
        }
        // Neither: the body runs to the end of the connection (only complete once the server closed it).
        return null;
    }

}
