using System.Reflection;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Recommender.Core.Artifacts;
using Recommender.Functions.Experiments;
using Recommender.Functions.Feedback;
using Recommender.Functions.Hosting;
using Recommender.Functions.Training;

namespace Recommender.Tests.TestSupport;

/// <summary>
/// The Function App's services and [Function] classes in this process, on Kestrel at 127.0.0.1 (a free port), against
/// Azurite with storage names of its own, so tests can run side by side. Requests under /api are routed to the HTTP
/// functions by their <see cref="HttpTriggerAttribute"/> methods and routes, as the Functions host routes them, and
/// the function's result is written back as the ASP.NET Core integration does. What only the real host does (function
/// keys, queue polling and poison, the timer schedule, the gRPC hop) is covered by the stand-in's end-to-end tests;
/// here queue and timer functions are invoked directly.
/// </summary>
internal sealed class FunctionAppHost : IAsyncDisposable
{
    private static readonly IReadOnlyList<HttpFunction> _httpFunctions = HttpFunction.FindAll(typeof(RecommenderApp).Assembly);
    private readonly WebApplication _app;

    private FunctionAppHost(WebApplication app, StorageLayoutOptions layout, HttpClient client)
    {
        _app = app;
        Layout = layout;
        Client = client;
    }

    public StorageLayoutOptions Layout { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public ModelRepository Repository => _app.Services.GetRequiredService<ModelRepository>();

    /// <summary>Every HTTP function of the app: name, methods, route (without the api prefix), auth level.</summary>
    public static IReadOnlyList<HttpFunction> HttpFunctions => _httpFunctions;

    /// <summary>Unique storage names for one test.</summary>
    public static StorageLayoutOptions UniqueLayout() => new()
    {
        ModelsContainer = AzuriteFixture.UniqueName("models"),
        DataContainer = AzuriteFixture.UniqueName("data"),
        FeedbackQueue = AzuriteFixture.UniqueName("feedback"),
        FeedbackPoisonQueue = AzuriteFixture.UniqueName("poison"),
        FeedbackTable = AzuriteFixture.UniqueTableName("feedback"),
        TrainingRunsTable = AzuriteFixture.UniqueTableName("runs"),
        ImpressionsQueue = AzuriteFixture.UniqueName("impressions"),
        ImpressionsPoisonQueue = AzuriteFixture.UniqueName("impoison"),
        ImpressionsTable = AzuriteFixture.UniqueTableName("impressions"),
        RulesTable = AzuriteFixture.UniqueTableName("rules"),
    };

    /// <summary>Starts the app with fast refreshes; <paramref name="settings"/> override app settings.</summary>
    public static Task<FunctionAppHost> StartAsync(AzuriteFixture azurite, StorageLayoutOptions? layout = null, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var merged = new Dictionary<string, string?> { ["ModelRefreshSeconds"] = "1", ["FeedbackCacheSeconds"] = "30" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        return StartAsync(azurite.ConnectionString, layout ?? UniqueLayout(), merged, configure);
    }

    /// <summary>Starts the app against any storage connection string (an unreachable one, a wrong key...).</summary>
    public static async Task<FunctionAppHost> StartAsync(string connectionString, StorageLayoutOptions layout, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        WebApplication app = Build(connectionString, layout, settings, configure);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new FunctionAppHost(app, layout, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) });
    }

    /// <summary>Registers the app's services as Program does, with test settings; <paramref name="configure"/> replaces services.</summary>
    public static WebApplication Build(string storageConnectionString, StorageLayoutOptions layout, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ApplicationName = typeof(RecommenderApp).Assembly.GetName().Name });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RecommenderStorage"] = storageConnectionString,
            ["ModelRefreshSeconds"] = "60",
            ["TrainingLauncher"] = "process",
            ["RetrainSchedule"] = "0 0 3 * * *",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddRecommender(builder.Configuration);
        builder.Services.Replace(ServiceDescriptor.Singleton(layout));
        foreach (Type type in _httpFunctions.Select(f => f.Method.DeclaringType!).Append(typeof(LogFeedbackFunction)).Append(typeof(LogImpressionFunction)).Append(typeof(NightlyRetrainFunction)).Append(typeof(PruneFeedbackTimelineFunction)).Distinct())
        {
            if (!type.IsAbstract)
            {
                builder.Services.AddTransient(type);
            }
        }

        configure?.Invoke(builder.Services);
        WebApplication app = builder.Build();
        app.Map("/api/{**path}", DispatchAsync);
        return app;
    }

    /// <summary>Runs LogFeedback on one message, as the host does for a queue message.</summary>
    public Task LogFeedbackAsync(string message) =>
        _app.Services.GetRequiredService<LogFeedbackFunction>().RunAsync(message, CancellationToken.None);

    /// <summary>Takes every message on the feedback queue through LogFeedback, deleting each that succeeded; returns how many.</summary>
    public async Task<int> DeliverQueuedFeedbackAsync()
    {
        QueueClient queue = _app.Services.GetRequiredService<QueueServiceClient>().GetQueueClient(Layout.FeedbackQueue);
        int delivered = 0;
        while ((await queue.ReceiveMessagesAsync(16, TimeSpan.FromSeconds(30))).Value is { Length: > 0 } messages)
        {
            foreach (QueueMessage message in messages)
            {
                await LogFeedbackAsync(message.Body.ToString());
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                delivered++;
            }
        }

        return delivered;
    }

    /// <summary>Takes every message on the impressions queue through LogImpression, deleting each that succeeded; returns how many.</summary>
    public async Task<int> DeliverQueuedImpressionsAsync()
    {
        QueueClient queue = _app.Services.GetRequiredService<QueueServiceClient>().GetQueueClient(Layout.ImpressionsQueue);
        LogImpressionFunction function = _app.Services.GetRequiredService<LogImpressionFunction>();
        int delivered = 0;
        while ((await queue.ReceiveMessagesAsync(16, TimeSpan.FromSeconds(30))).Value is { Length: > 0 } messages)
        {
            foreach (QueueMessage message in messages)
            {
                await function.RunAsync(message.Body.ToString(), CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                delivered++;
            }
        }

        return delivered;
    }

    /// <summary>Runs PruneFeedbackTimeline once, as the host does when its hourly schedule fires.</summary>
    public Task RunPruneFeedbackTimelineAsync() =>
        _app.Services.GetRequiredService<PruneFeedbackTimelineFunction>().RunAsync(new TimerInfo(), CancellationToken.None);

    /// <summary>Runs NightlyRetrain once, as the host does when the schedule fires.</summary>
    public Task RunNightlyRetrainAsync(bool isPastDue = false) =>
        _app.Services.GetRequiredService<NightlyRetrainFunction>().RunAsync(new TimerInfo { IsPastDue = isPastDue }, CancellationToken.None);

    /// <summary>Polls <paramref name="condition"/> until it holds or the deadline passes.</summary>
    public static Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan? timeout = null) =>
        Poll.UntilAsync(condition, timeout ?? TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task DispatchAsync(HttpContext context)
    {
        string path = "/" + (context.Request.RouteValues["path"] as string ?? string.Empty);
        foreach (HttpFunction function in _httpFunctions)
        {
            var values = new RouteValueDictionary();
            if (function.Methods.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase) && function.Matcher.TryMatch(path, values))
            {
                IResult result;
                try
                {
                    result = await function.InvokeAsync(context, values);
                }
                catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
                {
                    // As the worker's ProblemDetailsMiddleware answers a failed HTTP function.
                    result = FailureProblems.For(ex, context.Request, context.RequestServices.GetRequiredService<ILogger<FunctionAppHost>>());
                }

                await result.ExecuteAsync(context);
                return;
            }
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
    }

    /// <summary>One [Function] method with an HTTP trigger.</summary>
    internal sealed record HttpFunction(string Name, MethodInfo Method, string[] Methods, string Route, AuthorizationLevel AuthLevel)
    {
        public TemplateMatcher Matcher { get; } = new(TemplateParser.Parse(Route), []);

        public static IReadOnlyList<HttpFunction> FindAll(Assembly assembly)
        {
            var functions = new List<HttpFunction>();
            foreach (Type type in assembly.GetTypes())
            {
                foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
                {
                    FunctionAttribute? function = method.GetCustomAttribute<FunctionAttribute>();
                    HttpTriggerAttribute? trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(t => t is not null);
                    if (function is not null && trigger is not null)
                    {
                        functions.Add(new HttpFunction(function.Name, method, trigger.Methods ?? [], trigger.Route ?? function.Name, trigger.AuthLevel));
                    }
                }
            }

            return functions;
        }

        /// <summary>Binds the request, route values and cancellation token to the method's parameters by type and name.</summary>
        public async Task<IResult> InvokeAsync(HttpContext context, RouteValueDictionary values)
        {
            object? target = Method.IsStatic ? null : context.RequestServices.GetRequiredService(Method.DeclaringType!);
            object?[] arguments = [.. Method.GetParameters().Select(object? (p) => p.ParameterType switch
            {
                Type t when t == typeof(HttpRequest) => context.Request,
                Type t when t == typeof(CancellationToken) => context.RequestAborted,
                Type t when t == typeof(string) => values[p.Name!] as string,
                _ => throw new InvalidOperationException($"{Name}: cannot bind parameter {p.Name} of type {p.ParameterType}."),
            })];
            object? returned;
            try
            {
                returned = Method.Invoke(target, arguments);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }

            return returned switch
            {
                Task<IResult> task => await task,
                IResult result => result,
                _ => throw new InvalidOperationException($"{Name} returned {returned?.GetType().Name ?? "null"}, not an IResult."),
            };
        }
    }
}
