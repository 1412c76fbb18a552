namespace Sfu.Signaling.Rooms;

/// <summary>
/// The rooms of this process by name: created on the first join, removed when the last participant
/// leaves. Thread-safe (one lock, held only to look up or change the map).
/// </summary>
public sealed class RtcRoomRegistry
{
    private readonly object _gate = new();
    private readonly Dictionary<string, RtcRoom> _rooms = new(StringComparer.Ordinal);
    private readonly IRtcMedia _media;
    private readonly RtcSessionOptions _options;

    public RtcRoomRegistry(IRtcMedia media, RtcSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(media);
        ArgumentNullException.ThrowIfNull(options);
        _media = media;
        _options = options;
    }

    /// <summary>The session options.</summary>
    public RtcSessionOptions Options => _options;

    private long _resumesRefused;

    /// <summary>Resumes (reconnect=1&amp;sid=) answered with leave {STATE_MISMATCH, RECONNECT}: the sid was unknown or gone.</summary>
    public long ResumesRefused => Interlocked.Read(ref _resumesRefused);

    internal void CountResumeRefused() => Interlocked.Increment(ref _resumesRefused);

    /// <summary>True once draining: no new joins.</summary>
    public bool IsDraining { get; private set; }

    /// <summary>Rooms that have participants.</summary>
    public int ActiveRoomCount
    {
        get { lock (_gate) return _rooms.Values.Count(r => r.ParticipantCount > 0); }
    }

    /// <summary>Whether a room of that name exists.</summary>
    public bool Exists(string name)
    {
        lock (_gate) return _rooms.ContainsKey(name);
    }

    /// <summary>Whether room <paramref name="name"/> exists and has no place for <paramref name="identity"/>.</summary>
    public bool IsFullFor(string name, string identity) => Find(name)?.IsFullFor(identity) ?? false;

    /// <summary>The room named <paramref name="name"/>, or null.</summary>
    public RtcRoom? Find(string name)
    {
        lock (_gate) return _rooms.GetValueOrDefault(name);
    }

    /// <summary>The room, created if needed.</summary>
    public RtcRoom GetOrCreate(string name)
    {
        lock (_gate)
        {
            if (!_rooms.TryGetValue(name, out var room) || room.IsClosed)
            {
                room = new RtcRoom(name, _media, _options, Remove);
                _rooms[name] = room;
            }
            return room;
        }
    }

    /// <summary>
    /// RoomService CreateRoom: the existing room (unchanged, as LiveKit returns it) or a new one with
    /// <paramref name="configure"/> applied to the configured room settings.
    /// </summary>
    public RtcRoom Create(string name, Action<RtcRoomSettings> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        lock (_gate)
        {
            if (_rooms.TryGetValue(name, out var existing) && !existing.IsClosed) return existing;
            var settings = RtcRoomSettings.From(_options);
            configure(settings);
            var room = new RtcRoom(name, _media, _options, Remove, settings);
            _rooms[name] = room;
            return room;
        }
    }

    /// <summary>The open rooms, or those of <paramref name="names"/> when it is not empty.</summary>
    public IReadOnlyList<RtcRoom> List(IReadOnlyCollection<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        lock (_gate)
        {
            return [.. _rooms.Values.Where(r => !r.IsClosed && (names.Count == 0 || names.Contains(r.Name))).OrderBy(r => r.Name, StringComparer.Ordinal)];
        }
    }

    private void Remove(RtcRoom room)
    {
        lock (_gate)
        {
            if (_rooms.TryGetValue(room.Name, out var current) && current == room) _rooms.Remove(room.Name);
        }
    }

    /// <summary>Sends leave {SERVER_SHUTDOWN, RECONNECT} to every participant of every room.</summary>
    public void BeginDrain()
    {
        RtcRoom[] rooms;
        lock (_gate)
        {
            IsDraining = true;
            rooms = [.. _rooms.Values];
        }
        foreach (var r in rooms) r.Drain();
    }
}
