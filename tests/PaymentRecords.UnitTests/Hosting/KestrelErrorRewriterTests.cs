using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using PaymentRecords.Api.Hosting;

namespace PaymentRecords.UnitTests.Hosting;

/// <summary>Which trailing output is Kestrel's own bare error answer, and what it is rewritten into.</summary>
public sealed class KestrelErrorRewriterTests
{
    private const string KestrelBadRequest =
        "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\nDate: Sun, 29 Nov 2026 14:00:00 GMT\r\nServer: Kestrel\r\n\r\n";

    private static ReadOnlySequence<byte> Bytes(string s) => new(Encoding.ASCII.GetBytes(s));

    [Fact]
    public void Kestrels_bare_answer_is_found_alone_or_after_an_ordinary_answer()
    {
        Assert.Equal(0, KestrelErrorRewriter.FindBareErrorBlock(Bytes(KestrelBadRequest)));
        const string ordinary = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nRequest-Id: req_1\r\nContent-Length: 2\r\n\r\n{}";
        Assert.Equal(ordinary.Length, KestrelErrorRewriter.FindBareErrorBlock(Bytes(ordinary + KestrelBadRequest)));
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")]
    [InlineData("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\nRequest-Id: req_1\r\n\r\n")]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nServer: Kestrel\r\n\r\n")]
    [InlineData("HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nRequest-Id: req_1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")]
    [InlineData("HTTP/1.1 100 Continue\r\n\r\n")]
    public void Ordinary_answers_are_left_alone(string output)
    {
        Assert.Equal(-1, KestrelErrorRewriter.FindBareErrorBlock(Bytes(output)));
    }

    [Theory]
    [InlineData("400 Bad Request", 400, "could not be parsed")]
    [InlineData("414 URI Too Long", 414, "request line is too long")]
    [InlineData("431 Request Header Fields Too Large", 431, "request headers are too large")]
    [InlineData("505 HTTP Version Not Supported", 400, "could not be parsed")]
    public void The_rewrite_is_Stripes_envelope_with_Kestrels_headers(string statusLine, int status, string text)
    {
        var block = KestrelBadRequest.Replace("400 Bad Request", statusLine);
        var rewritten = Encoding.UTF8.GetString(KestrelErrorRewriter.Rewrite(Bytes(block)));
        var head = rewritten[..rewritten.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        var body = rewritten[(head.Length + 4)..];

        Assert.StartsWith($"HTTP/1.1 {status} ", head);
        Assert.Contains("\r\nConnection: close", head);
        Assert.Contains("\r\nServer: Kestrel", head);
        Assert.Contains("\r\nContent-Type: application/json", head);
        Assert.Contains($"\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}", head);
        Assert.Contains("\r\nRequest-Id: req_", head);
        Assert.DoesNotContain("Content-Length: 0", head);
        var error = JsonNode.Parse(body)!["error"]!;
        Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
        Assert.Contains(text, error["message"]!.GetValue<string>());
    }
}
