import Mustache

/// The web page's templates, compiled into the binary: the server needs no files beside it.
///
/// Plain HTML forms that work without JavaScript; every value is HTML-escaped by `{{…}}`.
enum WebTemplates {
    static func library() throws -> MustacheLibrary {
        var library = MustacheLibrary()
        for (name, text) in all { try library.register(text, named: name) }
        return library
    }

    private static let all: [(String, String)] = [
        ("head", head), ("foot", foot), ("login", login), ("caseload", caseload), ("timeline", timeline), ("history", history),
        ("admin", admin), ("calendar", calendar), ("error", error),
    ]

    static let head = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} — FollowUp</title>
        <link rel="stylesheet" href="/web/style.css">
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="bar">
          <a class="brand" href="/web">FollowUp</a>
          {{#user}}
          <span class="who">{{displayName}} <span class="role">{{role}}</span></span>
          <a href="/web/calendar">Calendar</a>
          <form method="post" action="/web/logout" class="inline">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <button type="submit" class="link">Sign out</button>
          </form>
          {{/user}}
        </header>
        <main id="main">
        {{#flash}}<p class="flash" role="status">{{flash}}</p>{{/flash}}
        """

    static let foot = """
        </main>
        </body>
        </html>
        """

    static let login = """
        {{> head}}
        <h1>Sign in</h1>
        {{#problem}}<p class="problem" role="alert">{{problem}}</p>{{/problem}}
        <form method="post" action="/web/login" class="card narrow">
          <input type="hidden" name="csrf" value="{{loginCSRF}}">
          <label for="username">Username</label>
          <input id="username" name="username" autocomplete="username" required value="{{username}}">
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required>
          <button type="submit">Sign in</button>
        </form>
        {{> foot}}
        """

    static let caseload = """
        {{> head}}
        <h1>Caseload</h1>
        <form method="get" action="/web/caseload" class="filter" role="search">
          <label for="q">Filter by name</label>
          <input id="q" name="q" value="{{query}}">
          <input type="hidden" name="sort" value="{{sort}}">
          <button type="submit">Filter</button>
        </form>
        <p class="summary">{{summary}}</p>
        <table class="caseload">
          <caption class="visually-hidden">Seekers, sorted by {{sortLabel}}</caption>
          <thead><tr>
            {{#columns}}<th scope="col"{{#sorted}} aria-sort="{{direction}}"{{/sorted}}><a href="{{link}}">{{label}}</a></th>{{/columns}}
          </tr></thead>
          <tbody>
          {{#rows}}
          <tr class="{{rowClass}}">
            <th scope="row" data-label="Seeker"><a href="/web/seekers/{{id}}">{{name}}</a> <span class="muted">{{username}}</span></th>
            <td data-label="Interviews">{{interviews}}</td>
            <td data-label="Overdue">{{#hasOverdue}}<strong>{{overdue}} overdue</strong>{{/hasOverdue}}{{^hasOverdue}}0{{/hasOverdue}}</td>
            <td data-label="Due this week">{{dueThisWeek}}</td>
            <td data-label="Last activity">{{idle}}</td>
          </tr>
          {{/rows}}
          {{^rows}}<tr><td colspan="5">No seeker matches.</td></tr>{{/rows}}
          </tbody>
        </table>
        {{> foot}}
        """

    static let timeline = """
        {{> head}}
        {{#isCounselor}}<p><a href="/web/caseload">← Caseload</a></p>{{/isCounselor}}
        <h1>{{seekerName}}</h1>
        <section aria-labelledby="due-heading" class="card">
          <h2 id="due-heading">Due</h2>
          {{#due}}
          <ul class="due">{{#items}}<li class="{{urgencyClass}}"><strong>{{urgency}}</strong> — {{title}} <span class="muted">({{window}})</span></li>{{/items}}</ul>
          {{/due}}
          {{^due}}<p>Nothing is due.</p>{{/due}}
        </section>
        <details class="card add-interview">
          <summary>Add an interview</summary>
          <form method="post" action="/web/seekers/{{seekerID}}/interviews">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <div class="grid">
              <div><label for="new-company">Company</label><input id="new-company" name="company"></div>
              <div><label for="new-position">Position</label><input id="new-position" name="position"></div>
              <div><label for="new-date">Date</label><input id="new-date" name="date" type="date"></div>
              <div><label for="new-time">Time</label><input id="new-time" name="time" type="time"></div>
              <div><label for="new-location">Place (the employer's address, for a letter)</label><input id="new-location" name="location"></div>
              <div><label for="new-decision">Decision expected by</label><input id="new-decision" name="decisionDate" type="date"></div>
              <div><label for="new-interviewer">Interviewer's name</label><input id="new-interviewer" name="interviewer"></div>
              <div><label for="new-email">Interviewer's email</label><input id="new-email" name="interviewerEmail" type="email"></div>
            </div>
            <button type="submit">Add the interview</button>
          </form>
        </details>
        {{#interviews}}
        <article class="card interview" id="interview-{{id}}" aria-labelledby="title-{{id}}">
          <h2 id="title-{{id}}">{{title}}</h2>
          <p class="muted">{{when}}{{#location}} · {{location}}{{/location}}{{#status}} · {{status}}{{/status}}</p>
          {{#hasInterviewers}}<p>With {{#interviewers}}<span class="person">{{.}}</span> {{/interviewers}}</p>{{/hasInterviewers}}
          {{^isHeld}}
          <form method="post" action="/web/interviews/{{id}}/held" class="inline">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <button type="submit">Mark held and plan the thank-you and call</button>
          </form>
          {{/isHeld}}
          <p><a class="history" href="/web/records/{{id}}/history">History of this interview's fields</a></p>
          {{#noteGroups}}
          <h3>{{label}}</h3>
          <ul class="notes">{{#notes}}<li>{{text}}{{#addition}}<br><span class="addition">To add: {{addition}}</span>{{/addition}}<br><span class="muted">by {{author}}{{#isPrivate}} · private, never in a letter{{/isPrivate}}</span> <a class="history" href="/web/records/{{id}}/history">history</a></li>{{/notes}}</ul>
          {{/noteGroups}}
          {{^noteGroups}}<p class="muted">No debrief notes yet.</p>{{/noteGroups}}
          {{#hasFollowUps}}
          <h3>Follow-ups</h3>
          <ul class="follow-ups">
          {{#followUps}}
          <li class="{{urgencyClass}}">
            <span><strong>{{title}}</strong> — {{window}} — <span class="status">{{status}}</span></span>
            {{#isOpen}}
            <form method="post" action="/web/follow-ups/{{id}}" class="inline actions">
              <input type="hidden" name="csrf" value="{{csrf}}">
              <label for="outcome-{{id}}" class="visually-hidden">Outcome or reason</label>
              <input id="outcome-{{id}}" name="note" placeholder="outcome or reason">
              <button type="submit" name="status" value="done">Mark done</button>
              {{#isCall}}<button type="submit" name="status" value="attempted">Attempted</button>{{/isCall}}
              <button type="submit" name="status" value="skipped" class="secondary">Skip</button>
            </form>
            {{/isOpen}}
          </li>
          {{/followUps}}
          </ul>
          {{/hasFollowUps}}
          {{#draft}}
          <details class="draft">
            <summary>Thank-you {{#isSaved}}letter{{/isSaved}}{{^isSaved}}draft (not saved yet){{/isSaved}}{{#warningCount}} ({{warningCount}} to fix){{/warningCount}}</summary>
            {{#sent}}<p class="flash">{{sent}}</p>{{/sent}}
            {{#hasWarnings}}<ul class="warnings">{{#warnings}}<li>{{.}}</li>{{/warnings}}</ul>{{/hasWarnings}}
            {{#hasMentions}}
            <h4>To mention</h4>
            <p class="muted">Notes the letter does not say, and why: work them in below. A note reaches the letter when it is written as the end of its kind's sentence (see the note form) or as a sentence of yours starting with I.</p>
            <ul class="mentions">{{#toMention}}<li>{{.}}</li>{{/toMention}}</ul>
            {{/hasMentions}}
            <form method="post" action="/web/letters/{{id}}">
              <input type="hidden" name="csrf" value="{{csrf}}">
              <input type="hidden" name="recipient" value="{{recipient}}">
              <label for="letter-{{id}}">The letter (yours to edit; saved letters sync to every device)</label>
              <textarea id="letter-{{id}}" name="body" rows="16">{{text}}</textarea>
              <button type="submit" name="action" value="save">Save the letter</button>
              <label for="via-{{id}}">Sent</label>
              <select id="via-{{id}}" name="via"><option value="email">by email</option><option value="mail">by mail</option><option value="hand">by hand</option></select>
              <button type="submit" name="action" value="sent" class="secondary">Record as sent</button>
            </form>
            <p><a href="{{emlLink}}">Download as an email file (.eml)</a> · <a href="{{mailto}}">Open in your mail program</a></p>
          </details>
          {{/draft}}
          <form method="post" action="/web/seekers/{{owner}}/notes" class="note-form">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <input type="hidden" name="interview" value="{{id}}">
            <fieldset>
              <legend>Add a debrief note or a comment</legend>
              <label for="kind-{{id}}">Kind</label>
              <select id="kind-{{id}}" name="kind">{{#kinds}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/kinds}}</select>
              <p class="muted" id="frames-{{id}}">For the letter, write a strong point, contribution or remark as the end of its sentence, and what to add as the end of “I would also like to add that …” (or write a sentence starting with I):</p>
              <ul class="frames">{{#frames}}<li><strong>{{label}}:</strong> {{template}} <span class="muted">(e.g. {{example}})</span></li>{{/frames}}</ul>
              <label for="text-{{id}}">Note</label>
              <textarea id="text-{{id}}" name="text" rows="2" required aria-describedby="frames-{{id}}">{{#pending}}{{text}}{{/pending}}</textarea>
              <label for="addition-{{id}}">What to add (for a weak answer or a concern)</label>
              <input id="addition-{{id}}" name="addition"{{#pending}} value="{{addition}}"{{/pending}}>
              <label class="check"><input type="checkbox" name="private"{{#pending}}{{#isPrivate}} checked{{/isPrivate}}{{/pending}}> Private: never in a letter</label>
              {{#pending}}<p class="preview" role="status" id="preview-{{id}}">{{result}}</p>{{/pending}}
              <button type="submit" name="action" value="add">Add note</button>
              <button type="submit" name="action" value="preview" class="secondary">Preview in the letter</button>
            </fieldset>
          </form>
        </article>
        {{/interviews}}
        {{^interviews}}<p>No interviews yet.</p>{{/interviews}}
        {{> foot}}
        """

    static let history = """
        {{> head}}
        <p><a href="/web/seekers/{{owner}}">← {{ownerName}}</a></p>
        <h1>History: {{recordTitle}}</h1>
        {{#fields}}
        <section class="card">
          <h2>{{name}}</h2>
          {{#forgotten}}<p class="muted">Older values, up to {{forgotten}}, were not kept.</p>{{/forgotten}}
          <ol class="history">
          {{#entries}}<li class="{{statusClass}}"><strong>{{statusLabel}}</strong> {{value}} <span class="muted">— {{when}} by {{who}}</span></li>{{/entries}}
          </ol>
        </section>
        {{/fields}}
        {{> foot}}
        """

    static let calendar = """
        {{> head}}
        <h1>Calendar</h1>
        <p>Subscribe to your interviews and follow-ups from your phone or calendar application: each open follow-up
        appears on the last day of its window, with a reminder at 9:00{{#isCounselor}}, for everyone in your caseload{{/isCounselor}}.</p>
        {{#url}}
        <section class="card">
          <h2>Your calendar address</h2>
          <p>Copy it into Google Calendar (“From URL”), Apple Calendar (“New Calendar Subscription”) or Thunderbird (“On the Network”).
          Keep it private: anyone with it can read the calendar. It is shown only now.</p>
          <label for="feed-url">Address</label>
          <input id="feed-url" readonly value="{{url}}">
        </section>
        {{/url}}
        <form method="post" action="/web/calendar" class="inline">
          <input type="hidden" name="csrf" value="{{csrf}}">
          <button type="submit" name="action" value="create">{{#url}}Make another address{{/url}}{{^url}}Make a calendar address{{/url}}</button>
          <button type="submit" name="action" value="revoke" class="secondary">Turn the calendar address off</button>
        </form>
        <p class="muted">Making a new address turns off the previous one.</p>
        {{> foot}}
        """

    static let admin = """
        {{> head}}
        <h1>Accounts and caseloads</h1>
        <p>Records are not shown here. Accounts are created and disabled with <code>followup-server admin</code> or the admin API.</p>
        <form method="post" action="/web/admin/caseloads" class="card caseload-form">
          <input type="hidden" name="csrf" value="{{csrf}}">
          <fieldset>
            <legend>Assign or unassign a seeker</legend>
            <label for="counselor">Counselor</label>
            <select id="counselor" name="counselor">{{#counselors}}<option value="{{.}}">{{.}}</option>{{/counselors}}</select>
            <label for="seeker">Seeker</label>
            <select id="seeker" name="seeker">{{#seekerNames}}<option value="{{.}}">{{.}}</option>{{/seekerNames}}</select>
            <button type="submit" name="action" value="assign">Assign</button>
            <button type="submit" name="action" value="unassign" class="secondary">Unassign</button>
          </fieldset>
        </form>
        <table>
          <thead><tr><th scope="col">Username</th><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Caseload</th><th scope="col">Status</th></tr></thead>
          <tbody>
          {{#accounts}}<tr><th scope="row">{{username}}</th><td>{{displayName}}</td><td>{{role}}</td><td>{{seekers}}</td><td>{{status}}</td></tr>{{/accounts}}
          </tbody>
        </table>
        {{> foot}}
        """

    static let error = """
        {{> head}}
        <h1>{{heading}}</h1>
        <p class="problem" role="alert">{{detail}}</p>
        <p><a href="/web">Back</a></p>
        {{> foot}}
        """
}
