using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Functions.Hosting;

namespace Recommender.Tests.Functions.Hosting;

public class FailureProblemsTests
{
    [Fact]
    public async Task AFailedHttpFunction_Answers500ProblemJsonWithoutTheExceptionText()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = "GET";
        context.Request.Path = "/api/models";
        context.Response.Body = new MemoryStream();

        IResult result = FailureProblems.For(new InvalidOperationException("secret connection detail"), context.Request, NullLogger.Instance);
        await result.ExecuteAsync(context);

        Assert.Equal(StatusCodes.Status500InternalServerError, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        string body = System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
        using JsonDocument problem = JsonDocument.Parse(body);
        Assert.Equal("Internal error", problem.RootElement.GetProperty("title").GetString());
        Assert.DoesNotContain("secret connection detail", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
    }
}
