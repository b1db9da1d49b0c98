using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions;

/// <summary>The app with failed queue messages retried at once, so poison handling runs in seconds.</summary>
public sealed class FastRetryAppFixture : FunctionAppFixture
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = "00:00:00",
    };
}

/// <summary>The queue and timer triggers as the host runs them against the real worker: poison messages and the nightly retrain.</summary>
public class TriggerEndToEndTests(FastRetryAppFixture app) : IClassFixture<FastRetryAppFixture>
{
    [Fact]
    public async Task AMessageThatAlwaysFails_MovesToFeedbackPoison_AfterFiveTries()
    {
        string text = "not a feedback event " + Guid.NewGuid().ToString("N");
        var queue = new QueueClient(app.ConnectionString, "feedback");
        var poison = new QueueClient(app.ConnectionString, "feedback-poison");
        await poison.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(text)));

        PeekedMessage[] poisoned = [];
        Assert.True(await FunctionAppFixture.EventuallyAsync(async () =>
        {
            // Moving is a copy to the poison queue, then a delete from the queue.
            poisoned = (await poison.PeekMessagesAsync(32)).Value;
            return poisoned.Length > 0 && (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0;
        }), "the message never moved to feedback-poison:\n" + app.App.Log);

        PeekedMessage moved = Assert.Single(poisoned);
        Assert.Equal(text, Encoding.UTF8.GetString(Convert.FromBase64String(moved.MessageText)));
        Assert.Contains("failed 5 times", app.App.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneTimerInvocation_StartsExactlyOneTrainingRun_AndASecondMeanwhileIsSkipped()
    {
        using HttpResponseMessage noKey = await app.Client.PostAsync("/admin/functions/NightlyRetrain", JsonContent.Create(new { input = "" }));
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);

        // Two timer invocations at once: the run lock lets one train and records the other as skipped.
        for (int i = 0; i < 2; i++)
        {
            using HttpRequestMessage run = FunctionsHostProcess.Admin(HttpMethod.Post, "/admin/functions/NightlyRetrain");
            run.Content = JsonContent.Create(new { input = "" });
            using HttpResponseMessage started = await app.Client.SendAsync(run);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }

        JsonElement[] runs = [];
        Assert.True(await FunctionAppFixture.EventuallyAsync(async () =>
        {
            using HttpResponseMessage list = await app.Client.SendAsync(FunctionsHostProcess.Admin(HttpMethod.Get, "/api/training/runs"));
            runs = (await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runs").EnumerateArray().ToArray();
            return runs.Length >= 2 && runs.All(r => r.GetProperty("status").GetString() != "running");
        }, TimeSpan.FromMinutes(3)), "the runs did not finish:\n" + app.App.Log);

        Assert.Equal(2, runs.Length);
        Assert.All(runs, r => Assert.Equal("timer", r.GetProperty("trigger").GetString(), ignoreCase: true));
        Assert.Single(runs, r => r.GetProperty("status").GetString() == "succeeded");
        Assert.Single(runs, r => r.GetProperty("status").GetString() == "skipped");
    }
}
