using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Recommender.FunctionsHost.Http;
using Recommender.FunctionsHost.Metadata;
using Recommender.FunctionsHost.Worker;

namespace Recommender.Tests.FunctionsHost.Worker;

public class InvocationsTests
{
    private static readonly FunctionDescriptor _timer = Function("NightlyRetrain", """{"name":"timer","type":"timerTrigger","direction":"In","schedule":"%RetrainSchedule%"}""");

    [Fact]
    public void TheFirstTimerInput_ReadsAsTimerInfo_WithTheMinimumLastTime()
    {
        var next = new DateTimeOffset(2026, 11, 30, 3, 0, 0, TimeSpan.Zero);

        var request = Invocations.Timer(_timer, last: null, next, isPastDue: false);

        Assert.Equal("timer", request.InputData.Single().Name);
        TimerInfo? info = JsonSerializer.Deserialize<TimerInfo>(request.InputData.Single().Data.Json);
        Assert.NotNull(info?.ScheduleStatus);
        Assert.Equal(DateTime.MinValue, info.ScheduleStatus.Last.ToUniversalTime().Date);
        Assert.Equal(next.UtcDateTime, info.ScheduleStatus.Next.ToUniversalTime());
        Assert.False(info.IsPastDue);
    }

    [Fact]
    public void ALateTimerInput_IsPastDue()
    {
        var last = new DateTimeOffset(2026, 11, 29, 3, 0, 0, TimeSpan.Zero);

        var request = Invocations.Timer(_timer, last, last.AddDays(1), isPastDue: true);

        TimerInfo? info = JsonSerializer.Deserialize<TimerInfo>(request.InputData.Single().Data.Json);
        Assert.True(info?.IsPastDue);
        Assert.Equal(last.UtcDateTime, info!.ScheduleStatus!.Last.ToUniversalTime());
    }

    [Fact]
    public void AnHttpInvocation_CarriesAnEmptyRequest_AndTheRouteValuesAsTriggerMetadata()
    {
        var function = Function("Recommendations", """{"name":"request","type":"httpTrigger","direction":"In","authLevel":"Anonymous","methods":["get"],"route":"recommendations/{userId}"}""");
        RouteMatch match = new RouteTable([HttpFunctionRoute.Create(function, "api")]).Match("GET", "/api/recommendations/u%2F7")!;

        var request = Invocations.Http(match, "inv-1");

        Assert.Equal("inv-1", request.InvocationId);
        Assert.Equal(function.FunctionId, request.FunctionId);
        Assert.NotNull(request.InputData.Single(b => b.Name == "request").Data.Http);
        Assert.Equal("u/7", request.TriggerMetadata["userId"].String);
        Assert.False(string.IsNullOrEmpty(request.TraceContext.TraceParent));
    }

    [Fact]
    public void AQueueInvocation_CarriesTheText_AndTheMessageMetadata()
    {
        var function = Function("LogFeedback", """{"name":"message","type":"queueTrigger","direction":"In","queueName":"feedback","connection":"RecommenderStorage"}""");

        var request = Invocations.Queue(function, new QueueMessageInfo("m-1", """{"userId":"u"}""", 3, DateTimeOffset.UtcNow, null));

        Assert.Equal("""{"userId":"u"}""", request.InputData.Single(b => b.Name == "message").Data.String);
        Assert.Equal("m-1", request.TriggerMetadata["Id"].String);
        Assert.Equal("3", request.TriggerMetadata["DequeueCount"].Json);
        Assert.Equal("""{"userId":"u"}""", request.TriggerMetadata["QueueTrigger"].String);
    }

    private static FunctionDescriptor Function(string name, string trigger) =>
        new(name, Guid.NewGuid().ToString(), "/app/App.dll", "App." + name, [FunctionBinding.Parse(trigger)]);
}
