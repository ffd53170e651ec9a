using System.Text.Json;
using EdgeMx.Appliance.Hosting;
using EdgeMx.Core.Events;
using EdgeMx.Core.State;

namespace EdgeMx.Appliance.Control;

/// <summary>
/// Answers control-socket requests. Every request gets an answer, a malformed or unknown one an error answer; nothing
/// a client sends can stop the appliance.
/// </summary>
public sealed class ControlRequestHandler(IApplianceStateStore state, IEventLog events, ConfigService config, TimeProvider time)
{
    public const int DefaultMaxEvents = 100;
    public const int MaxEvents = 10_000;

    /// <summary>Status watchers get at most this many snapshots per second (probe rounds change counters constantly).</summary>
    public static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Handles one request line; <paramref name="send"/> writes one response line. Streams run until cancelled.</summary>
    public async Task HandleAsync(string line, Func<ControlResponse, Task> send, CancellationToken cancellationToken)
    {
        if (Parse(line, out var error) is not { } request)
        {
            await send(ControlResponse.Failure(error!)).ConfigureAwait(false);
            return;
        }
        switch (request.Type)
        {
            case ControlRequest.Status when request.Watch == true:
                await WatchStatusAsync(send, cancellationToken).ConfigureAwait(false);
                break;
            case ControlRequest.Status:
                await send(new ControlResponse { Type = "status", State = state.Current }).ConfigureAwait(false);
                break;
            case ControlRequest.Events:
                await SendEventsAsync(request, send, cancellationToken).ConfigureAwait(false);
                break;
            case ControlRequest.Validate:
                var result = config.Validate(request.Path!);
                await send(new ControlResponse { Type = "validate", Report = ConfigReport.From(result) }).ConfigureAwait(false);
                break;
            case ControlRequest.Reload:
                var (applied, report) = await config.ReloadAsync("control socket", cancellationToken).ConfigureAwait(false);
                await send(new ControlResponse
                {
                    Type = "reload",
                    Applied = applied,
                    Report = ConfigReport.From(report),
                    Message = applied ? "the new configuration is running" : "the configuration was rejected; the previous one keeps running",
                }).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>The request, or null with the reason in <paramref name="error"/>.</summary>
    public static ControlRequest? Parse(string line, out string? error)
    {
        ControlRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(line, ControlJsonContext.Default.ControlRequest);
        }
        catch (JsonException e)
        {
            error = $"malformed request ({Trim(e.Message)}); send one JSON object per line, e.g. {{\"type\":\"status\"}}";
            return null;
        }
        if (request is null)
        {
            error = "malformed request (null); send one JSON object per line, e.g. {\"type\":\"status\"}";
            return null;
        }
        if (request.Type is null)
        {
            error = $"the request has no \"type\"; expected one of {string.Join(", ", ControlRequest.Types)}";
            return null;
        }
        if (!ControlRequest.Types.Contains(request.Type))
        {
            error = $"unknown request type \"{request.Type}\"; expected one of {string.Join(", ", ControlRequest.Types)}";
            return null;
        }
        error = Misplaced(request);
        if (error is null && request.Type == ControlRequest.Validate && string.IsNullOrWhiteSpace(request.Path))
            error = "a validate request needs \"path\": the configuration file to check";
        if (error is null && request.Max is { } max && (max < 1 || max > MaxEvents))
            error = $"\"max\" must be between 1 and {MaxEvents}";
        return error is null ? request : null;
    }

    // Members that belong to another request type are an error rather than silently ignored.
    private static string? Misplaced(ControlRequest r)
    {
        var present = new List<(string Name, string[] Allowed)>();
        if (r.Watch is not null) present.Add(("watch", [ControlRequest.Status]));
        if (r.After is not null) present.Add(("after", [ControlRequest.Events]));
        if (r.Since is not null) present.Add(("since", [ControlRequest.Events]));
        if (r.Max is not null) present.Add(("max", [ControlRequest.Events]));
        if (r.Follow is not null) present.Add(("follow", [ControlRequest.Events]));
        if (r.Path is not null) present.Add(("path", [ControlRequest.Validate]));
        var wrong = present.FirstOrDefault(p => !p.Allowed.Contains(r.Type));
        return wrong.Name is null ? null : $"\"{wrong.Name}\" is not valid in a \"{r.Type}\" request";
    }

    private async Task WatchStatusAsync(Func<ControlResponse, Task> send, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var snapshot in state.Watch(cancellationToken).ConfigureAwait(false))
            {
                await send(new ControlResponse { Type = "status", State = snapshot }).ConfigureAwait(false);
                await Task.Delay(WatchInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task SendEventsAsync(ControlRequest request, Func<ControlResponse, Task> send, CancellationToken cancellationToken)
    {
        var backlog = events.Read(request.After ?? 0, request.Since);
        var max = request.Max ?? DefaultMaxEvents;
        var shown = backlog.Count > max ? backlog.Skip(backlog.Count - max).ToList() : backlog;
        foreach (var e in shown) await send(new ControlResponse { Type = "event", Event = e }).ConfigureAwait(false);
        if (request.Follow != true)
        {
            await send(new ControlResponse { Type = "end", Count = shown.Count }).ConfigureAwait(false);
            return;
        }
        var cursor = backlog.Count > 0 ? backlog[^1].Sequence : Math.Max(request.After ?? 0, events.LastSequence);
        try
        {
            await foreach (var e in events.Follow(cursor, cancellationToken).ConfigureAwait(false))
            {
                await send(new ControlResponse { Type = "event", Event = e }).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static string Trim(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var text = cut > 0 ? message[..cut] : message;
        return text.Length > 200 ? text[..200] + "…" : text;
    }
}
