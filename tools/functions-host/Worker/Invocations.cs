using System.Diagnostics;
using System.Globalization;
using Recommender.FunctionsHost.Http;
using Recommender.FunctionsHost.Metadata;
using Recommender.FunctionsHost.Protocol;

namespace Recommender.FunctionsHost.Worker;

/// <summary>Builds the InvocationRequest of each trigger kind, in the shapes the worker's converters expect.</summary>
internal static class Invocations
{
    /// <summary>
    /// HTTP with ASP.NET Core integration: the trigger input is an empty RpcHttp (the request travels over HTTP);
    /// route values go in the trigger metadata by name, so function parameters named after them are bound.
    /// </summary>
    public static InvocationRequest Http(RouteMatch match, string invocationId)
    {
        InvocationRequest request = New(match.Route.Function, invocationId);
        request.InputData.Add(new ParameterBinding { Name = match.Route.Function.Trigger.Name, Data = new TypedData { Http = new RpcHttp() } });
        foreach (var (name, value) in match.Values)
        {
            request.TriggerMetadata[name] = new TypedData { String = value };
        }

        return request;
    }

    /// <summary>Queue: the message text is the input; id, dequeue count and times are trigger metadata.</summary>
    public static InvocationRequest Queue(FunctionDescriptor function, QueueMessageInfo message)
    {
        InvocationRequest request = New(function, Guid.NewGuid().ToString());
        request.InputData.Add(new ParameterBinding { Name = function.Trigger.Name, Data = new TypedData { String = message.Text } });
        request.TriggerMetadata["QueueTrigger"] = new TypedData { String = message.Text };
        request.TriggerMetadata["Id"] = new TypedData { String = message.Id };
        request.TriggerMetadata["DequeueCount"] = new TypedData { Json = message.DequeueCount.ToString(CultureInfo.InvariantCulture) };
        if (message.InsertedOn is { } inserted)
        {
            request.TriggerMetadata["InsertionTime"] = new TypedData { Json = Quoted(inserted) };
        }

        if (message.ExpiresOn is { } expires)
        {
            request.TriggerMetadata["ExpirationTime"] = new TypedData { Json = Quoted(expires) };
        }

        return request;
    }

    /// <summary>Timer: the input is the TimerInfo JSON (schedule status and whether the occurrence is past due).</summary>
    public static InvocationRequest Timer(FunctionDescriptor function, DateTimeOffset? last, DateTimeOffset next, bool isPastDue)
    {
        InvocationRequest request = New(function, Guid.NewGuid().ToString());
        // TimerInfo's Last is not nullable: before the first occurrence the host reports the minimum date.
        string lastText = Quoted(last ?? DateTimeOffset.MinValue);
        string json = $$"""{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":{{lastText}},"Next":{{Quoted(next)}},"LastUpdated":{{Quoted(DateTimeOffset.UtcNow)}}},"IsPastDue":{{(isPastDue ? "true" : "false")}}}""";
        request.InputData.Add(new ParameterBinding { Name = function.Trigger.Name, Data = new TypedData { Json = json } });
        return request;
    }

    private static InvocationRequest New(FunctionDescriptor function, string invocationId)
    {
        // A fresh W3C trace context per invocation, as the host's activity would provide.
        string traceParent = Activity.Current?.Id ?? $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-00";
        return new InvocationRequest
        {
            InvocationId = invocationId,
            FunctionId = function.FunctionId,
            TraceContext = new RpcTraceContext { TraceParent = traceParent },
        };
    }

    private static string Quoted(DateTimeOffset time) => "\"" + time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) + "\"";
}

/// <summary>The parts of a queue message an invocation carries.</summary>
internal sealed record QueueMessageInfo(string Id, string Text, long DequeueCount, DateTimeOffset? InsertedOn, DateTimeOffset? ExpiresOn);
