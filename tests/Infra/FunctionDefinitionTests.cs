using System.Text.Json;
using NCrontab;

namespace Recommender.Tests.Infra;

public class FunctionDefinitionTests
{
    // platform.md section 5 (routes without the /api prefix, which the host adds) plus the OpenAPI document, the
    // reference and demo pages, and the user list the demo page searches;
    // the admin set is issue 6's: list models, get one, activate, start training, list runs; the A/B split and its metrics; the blocked-items rules.
    // In Azure the data routes take a function key (each backend caller can hold its own revocable key); the admin
    // routes take authLevel "admin", the master key only, so a data caller's function key can never activate a
    // model or start training. Health, the pages and the OpenAPI document stay anonymous.
    private static readonly (string Name, string Method, string Route, string AuthLevel)[] _expectedHttp =
    [
        ("Recommendations", "get", "recommendations/{userId}", "function"),
        ("SimilarItems", "get", "similar/{itemId}", "function"),
        ("Popular", "get", "popular", "function"),
        ("Feedback", "post", "feedback", "function"),
        ("Health", "get", "health", "anonymous"),
        ("ListModels", "get", "models", "admin"),
        ("GetModel", "get", "models/{version}", "admin"),
        ("ActivateModel", "post", "models/{version}/activate", "admin"),
        ("StartTraining", "post", "training", "admin"),
        ("ListTrainingRuns", "get", "training/runs", "admin"),
        ("OpenApi", "get", "openapi/v1.json", "anonymous"),
        ("ApiDocs", "get", "docs", "anonymous"),
        ("Demo", "get", "demo", "anonymous"),
        ("DemoAsset", "get", "demo/assets/{name}", "anonymous"),
        ("Users", "get", "users", "anonymous"),
        ("SetExperiment", "put", "experiments/current", "admin"),
        ("GetExperiment", "get", "experiments/current", "admin"),
        ("EndExperiment", "delete", "experiments/current", "admin"),
        ("ExperimentMetrics", "get", "experiments/metrics", "admin"),
        ("ListBlockedItems", "get", "rules/blocked-items", "admin"),
        ("BlockItem", "put", "rules/blocked-items/{itemId}", "admin"),
        ("UnblockItem", "delete", "rules/blocked-items/{itemId}", "admin"),
    ];

    private static readonly string[] _knownTriggerTypes = ["httpTrigger", "queueTrigger", "timerTrigger"];

    [Fact]
    public void FunctionsMetadata_ListsExactlyThePlatformFunctions()
    {
        var expected = _expectedHttp.Select(e => e.Name).Concat(["LogFeedback", "LogImpression", "NightlyRetrain", "PruneFeedbackTimeline"]).Order(StringComparer.Ordinal);

        Assert.Equal(expected, FunctionDefinition.LoadAll().Select(f => f.Name));
    }

    [Fact]
    public void EveryFunction_HasExactlyOneKnownTrigger()
    {
        foreach (FunctionDefinition function in FunctionDefinition.LoadAll())
        {
            var triggers = function.Bindings.Where(b => FunctionDefinition.Text(b, "type")?.EndsWith("Trigger", StringComparison.Ordinal) == true).ToList();
            Assert.True(triggers.Count == 1, $"{function.Name}: expected one trigger binding, found {triggers.Count}.");
            Assert.Contains(function.TriggerType, _knownTriggerTypes);
            foreach (JsonElement binding in function.Bindings)
            {
                Assert.False(string.IsNullOrWhiteSpace(FunctionDefinition.Text(binding, "name")), $"{function.Name}: a binding has no name.");
                Assert.Contains(FunctionDefinition.Text(binding, "direction")?.ToLowerInvariant(), new[] { "in", "out" });
            }
        }
    }

    [Fact]
    public void HttpFunctions_MatchTheRouteTable()
    {
        var http = FunctionDefinition.LoadAll().Where(f => f.TriggerType == "httpTrigger").ToDictionary(f => f.Name);

        Assert.Equal(_expectedHttp.Select(e => e.Name).Order(StringComparer.Ordinal), http.Keys.Order(StringComparer.Ordinal));
        foreach ((string name, string method, string route, string authLevel) in _expectedHttp)
        {
            JsonElement trigger = http[name].Trigger;
            Assert.Equal(route, FunctionDefinition.Text(trigger, "route"));
            Assert.True(FunctionDefinition.Is(trigger, "authLevel", authLevel), $"{name}: authLevel {FunctionDefinition.Text(trigger, "authLevel")}, expected {authLevel}.");
            Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        }
    }

    [Fact]
    public void HttpRoutes_AreUniquePerMethodAndCarryNoApiPrefix()
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (FunctionDefinition function in FunctionDefinition.LoadAll().Where(f => f.TriggerType == "httpTrigger"))
        {
            string route = FunctionDefinition.Text(function.Trigger, "route") ?? throw new InvalidDataException($"{function.Name} has no route.");
            Assert.False(route.StartsWith('/') || route.StartsWith("api/", StringComparison.OrdinalIgnoreCase), $"{function.Name}: route '{route}' must not start with '/' or 'api/' (the host adds /api).");

            // Parameter names do not make routes different: models/{a} and models/{b} collide.
            string shape = System.Text.RegularExpressions.Regex.Replace(route, @"\{[^}]*\}", "{}");
            Assert.True(function.Trigger.TryGetProperty("methods", out JsonElement methods) && methods.GetArrayLength() > 0, $"{function.Name}: methods must be restricted.");
            foreach (JsonElement method in methods.EnumerateArray())
            {
                string key = method.GetString() + " " + shape;
                Assert.True(seen.TryAdd(key, function.Name), $"{function.Name} and {seen.GetValueOrDefault(key)} both serve {key}.");
            }
        }
    }

    [Fact]
    public void HttpFunctions_AnswerThroughTheirHttpReturnValueOnly()
    {
        // ASP.NET Core integration: the result is written to the HTTP connection, declared as the $return http output.
        foreach (FunctionDefinition function in FunctionDefinition.LoadAll().Where(f => f.TriggerType == "httpTrigger"))
        {
            Assert.Equal(2, function.Bindings.Count);
            JsonElement output = function.Bindings.Single(b => FunctionDefinition.Is(b, "direction", "out"));
            Assert.Equal("http", FunctionDefinition.Text(output, "type"));
            Assert.Equal("$return", FunctionDefinition.Text(output, "name"));
        }
    }

    [Fact]
    public void LogFeedback_TriggersOnTheFeedbackQueueOfRecommenderStorage()
    {
        FunctionDefinition function = FunctionDefinition.LoadAll().Single(f => f.Name == "LogFeedback");

        Assert.Equal("queueTrigger", function.TriggerType);
        Assert.Equal("feedback", FunctionDefinition.Text(function.Trigger, "queueName"));
        Assert.Equal("RecommenderStorage", FunctionDefinition.Text(function.Trigger, "connection"));
        Assert.Single(function.Bindings);
    }

    [Fact]
    public void TimerSchedules_AreValidSixFieldNcrontab_AsSettingReferencesWithSampleDefaultsOrFixed()
    {
        IReadOnlyDictionary<string, string> local = AppSettingNames.LocalSampleValues();
        var timers = FunctionDefinition.LoadAll().Where(f => f.TriggerType == "timerTrigger").ToList();

        Assert.Equal(["NightlyRetrain", "PruneFeedbackTimeline"], timers.Select(t => t.Name));
        foreach (FunctionDefinition timer in timers)
        {
            string schedule = FunctionDefinition.Text(timer.Trigger, "schedule") ?? throw new InvalidDataException($"{timer.Name} has no schedule.");
            string expression = schedule;
            if (schedule.StartsWith('%'))
            {
                Assert.True(schedule.Length > 2 && schedule.EndsWith('%'), $"{timer.Name}: '{schedule}' is not a %Setting% reference.");
                string setting = schedule[1..^1];
                Assert.True(local.TryGetValue(setting, out string? value), $"{timer.Name}: setting {setting} is missing from local.settings.sample.json.");
                expression = value!;
            }

            Assert.Equal(6, expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.NotNull(CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true }));
        }
    }

    [Fact]
    public void NightlyRetrain_ScheduleIsRetrainScheduleAtThreeInTheMorning()
    {
        FunctionDefinition timer = FunctionDefinition.LoadAll().Single(f => f.Name == "NightlyRetrain");
        var schedule = CrontabSchedule.Parse(AppSettingNames.LocalSampleValues()["RetrainSchedule"], new CrontabSchedule.ParseOptions { IncludingSeconds = true });

        Assert.Equal("%RetrainSchedule%", FunctionDefinition.Text(timer.Trigger, "schedule"));
        Assert.Equal(new DateTime(2026, 1, 2, 3, 0, 0), schedule.GetNextOccurrence(new DateTime(2026, 1, 1, 3, 0, 0)));
    }

    [Fact]
    public void PruneFeedbackTimeline_RunsHourlyAtMinuteTen()
    {
        FunctionDefinition timer = FunctionDefinition.LoadAll().Single(f => f.Name == "PruneFeedbackTimeline");
        var schedule = CrontabSchedule.Parse(FunctionDefinition.Text(timer.Trigger, "schedule")!, new CrontabSchedule.ParseOptions { IncludingSeconds = true });

        Assert.Equal(new DateTime(2026, 1, 1, 4, 10, 0), schedule.GetNextOccurrence(new DateTime(2026, 1, 1, 3, 10, 0)));
        Assert.Single(timer.Bindings);
    }
}
