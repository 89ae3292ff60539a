import FollowUpCore
import FollowUpProtocol
import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore

/// The counselor's and the seeker's web page, under `/web`: server-rendered HTML over the same
/// accounts, caseloads and records as the sync protocol. Every action is an ordinary change
/// (see ``WebWriter``), so it reaches every replica at its next sync.
struct WebRoutes: Sendable {
    let accounts: AccountService
    let database: any ServerStore
    let writer: WebWriter
    let feeds: CalendarFeedService
    let summaries: CaseloadSummaries
    let library: MustacheLibrary
    /// Whether the server speaks TLS itself: session cookies are then `Secure`.
    let secure: Bool
    let tokenLifetime: TimeInterval
    let now: @Sendable () -> Date

    /// Today, in the server's time zone (what "overdue" and "due this week" count from).
    private var today: LocalDate { LocalDate(now(), in: .current) }

    func register(on router: Router<AppRequestContext>) {
        let web = router.group("web").add(middleware: WebSecurityMiddleware(usesTLS: secure)).add(middleware: WebErrorMiddleware(routes: self))
        web.get("style.css") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: WebStyle.css))
            )
        }
        web.get { request, _ in try await home(request) }
        web.get("login") { request, _ in try await loginPage(request) }
        web.post("login") { request, context in try await signIn(request, context: context) }
        web.post("logout") { request, _ in try await signOut(request) }
        web.get("caseload") { request, _ in try await caseload(request) }
        web.get("seekers/:id") { request, context in try await timeline(request, id: context.parameters.get("id")) }
        web.post("seekers/:id/notes") { request, context in try await addNote(request, owner: context.parameters.get("id")) }
        web.post("seekers/:id/interviews") { request, context in try await addInterview(request, owner: context.parameters.get("id")) }
        web.post("interviews/:id/held") { request, context in try await markHeld(request, id: context.parameters.get("id")) }
        web.post("follow-ups/:id") { request, context in try await markFollowUp(request, id: context.parameters.get("id")) }
        web.get("records/:id/history") { request, context in try await history(request, id: context.parameters.get("id")) }
        web.post("letters/:interview") { request, context in try await changeLetter(request, interview: context.parameters.get("interview")) }
        web.get("letters/:interview/thank-you.eml") { request, context in
            try await downloadLetter(request, interview: context.parameters.get("interview"))
        }
        web.get("admin") { request, _ in try await adminPage(request) }
        web.post("admin/caseloads") { request, _ in try await changeCaseload(request) }
        web.get("calendar") { request, _ in try await calendarPage(request) }
        web.post("calendar") { request, _ in try await changeCalendar(request) }
    }

    // MARK: Sessions

    private struct Session {
        var identity: Identity
        var csrf: String
        var user: WebViews.User { WebViews.User(displayName: identity.account.displayName, role: identity.account.role.rawValue, csrf: csrf) }
    }

    /// The signed-in session, or `nil` when there is none (or it expired, or was revoked).
    private func session(_ request: Request) async throws -> Session? {
        guard let token = WebSession.token(of: request) else { return nil }
        do {
            let identity = try await accounts.authenticate(authorization: "Bearer \(token)")
            return Session(identity: identity, csrf: WebSession.csrf(for: token))
        } catch let error as APIError where [.unauthorized, .tokenExpired, .tokenRevoked, .accountDisabled].contains(error.type) {
            return nil
        }
    }

    /// A form's fields, once its CSRF token is checked against the session's.
    private func checkedForm(_ request: Request, session: Session) async throws -> [String: String] {
        let body = try await request.body.collect(upTo: 64 * 1024)
        let form = WebSession.form(body)
        guard WebSession.matches(form["csrf"], session.csrf) else { throw WebRefusal.csrf }
        return form
    }

    // MARK: Pages

    private func home(_ request: Request) async throws -> Response {
        guard let session = try await session(request) else { return redirect("/web/login") }
        switch session.identity.account.role {
        case .counselor: return redirect("/web/caseload")
        case .admin: return redirect("/web/admin")
        case .seeker: return redirect("/web/seekers/\(session.identity.account.id.lowercased)")
        }
    }

    private func loginPage(
        _ request: Request,
        problem: String? = nil,
        username: String = "",
        status: HTTPResponse.Status = .ok
    ) async throws
        -> Response
    {
        if problem == nil, try await session(request) != nil { return redirect("/web") }
        let loginToken = WebSession.newLoginToken()
        var response = render(
            "login",
            ["title": "Sign in", "loginCSRF": loginToken, "problem": problem, "username": username],
            status: status
        )
        response.headers.append(
            HTTPField(name: .setCookie, value: WebSession.setCookie(WebSession.loginCookie, loginToken, maxAge: 3600, secure: secure))
        )
        return response
    }

    private func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: 64 * 1024)
        let form = WebSession.form(body)
        guard WebSession.matches(form["csrf"], request.cookies[WebSession.loginCookie]?.value) else {
            return try await loginPage(request, problem: "The sign-in form expired; please sign in again.", status: .forbidden)
        }
        let username = form["username"] ?? ""
        do {
            let login = try await accounts.login(
                LoginRequest(username: username, password: form["password"] ?? "", device: "web browser"),
                from: ClientAddress.of(request, context: context)
            )
            var response = redirect("/web")
            response.headers.append(
                HTTPField(name: .setCookie, value: WebSession.setCookie(WebSession.cookie, login.token, maxAge: Int(tokenLifetime), secure: secure))
            )
            response.headers.append(HTTPField(name: .setCookie, value: WebSession.setCookie(WebSession.loginCookie, "", maxAge: 0, secure: secure)))
            return response
        } catch let error as APIError {
            var response = try await loginPage(request, problem: error.detail, username: username, status: error.status)
            if let retryAfter = error.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
            return response
        }
    }

    private func signOut(_ request: Request) async throws -> Response {
        guard let session = try await session(request) else { return redirect("/web/login") }
        _ = try await checkedForm(request, session: session)
        try await accounts.logout(session.identity)
        var response = redirect("/web/login")
        response.headers.append(HTTPField(name: .setCookie, value: WebSession.setCookie(WebSession.cookie, "", maxAge: 0, secure: secure)))
        return response
    }

    private func caseload(_ request: Request) async throws -> Response {
        guard let session = try await session(request) else { return redirect("/web/login") }
        guard session.identity.account.role == .counselor else { return redirect("/web") }
        let query = request.uri.queryParameters
        let sort = query.get("sort").flatMap(WebViews.Sort.init(rawValue:)) ?? .name
        let filter = (query.get("q") ?? "").trimmingCharacters(in: .whitespaces)
        let owners = try await database.visibleOwners(viewer: session.identity.account.id).filter { $0.id != session.identity.account.id }
        let summaries = try await summaries.summaries(of: owners.map(\.id))
        var rows = WebViews.caseloadRows(owners: owners, summaries: summaries, today: today, now: now())
        if !filter.isEmpty {
            rows = rows.filter { $0.name.localizedCaseInsensitiveContains(filter) || $0.username.localizedCaseInsensitiveContains(filter) }
        }
        rows = WebViews.sorted(rows, by: sort)
        let encodedFilter = filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let columns = WebViews.Sort.allCases.map { column in
            WebViews.Column(
                label: column.label,
                link: "/web/caseload?sort=\(column.rawValue)" + (filter.isEmpty ? "" : "&q=\(encodedFilter)"),
                sorted: column == sort,
                direction: column == .name ? "ascending" : "descending"
            )
        }
        return render(
            "caseload",
            [
                "title": "Caseload", "user": session.user, "rows": rows, "columns": columns, "query": filter, "sort": sort.rawValue,
                "sortLabel": sort.label.lowercased(), "summary": Self.summary(seekers: rows.count, overdue: rows.reduce(0) { $0 + $1.overdue }),
            ]
        )
    }

    private func timeline(_ request: Request, id text: String?) async throws -> Response {
        guard let session = try await session(request) else { return redirect("/web/login") }
        return try await timeline(request, owner: try await visibleOwner(text, session: session), session: session)
    }

    /// The seeker's timeline; `pending` is a note being previewed, shown in its form with the
    /// sentence it makes in the letter (or why it would not be in it).
    private func timeline(_ request: Request, owner: VisibleOwner, session: Session, pending: WebViews.PendingNote? = nil) async throws -> Response {
        let states = try await database.states(owners: [owner.id])
        let writers = Set(states.compactMap(DebriefNote.init).compactMap(\.writtenBy))
        let (interviews, due) = WebViews.timeline(
            owner: owner,
            states: states,
            authors: try await database.replicaAuthors(writers),
            viewerIsCounselor: session.identity.account.role == .counselor,
            pending: pending,
            today: today
        )
        let flash: String? =
            switch request.uri.queryParameters.get("done") {
            case "note": "The note was added; it reaches \(owner.displayName)'s devices at their next sync."
            case "follow-up": "The follow-up was updated."
            case "letter": "The letter was saved; it reaches \(owner.displayName)'s devices at their next sync."
            case "sent": "The thank-you is recorded as sent, and its follow-up is done."
            case "interview": "The interview was added; it reaches \(owner.displayName)'s devices at their next sync."
            case "held": "The interview is marked held; its thank-you and follow-up call are planned."
            default: nil
            }
        return render(
            "timeline",
            [
                "title": owner.displayName, "user": session.user, "csrf": session.csrf, "seekerName": owner.displayName,
                "seekerID": owner.id.lowercased,
                "interviews": interviews, "due": due,
                "isCounselor": session.identity.account.role == .counselor, "flash": flash,
            ]
        )
    }

    private func addNote(_ request: Request, owner text: String?) async throws -> Response {
        guard let session = try await session(request) else { return redirect("/web/login") }
        let owner = try await visibleOwner(text, session: session)
        let form = try await checkedForm(request, session: session)
        guard let interviewID = form["interview"].flatMap(UUID.init(uuidString:)), let interview = try await database.state(of: interviewID),
            interview.type == .interview, interview.owner == owner.id, !interview.isDeleted
        else { throw WebRefusal.notFound }
        guard let kind = form["kind"].flatMap(DebriefNote.Kind.init(rawValue:)) else { throw WebRefusal.invalid("Choose the kind of note.") }
        let note = (form["text"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else { throw WebRefusal.invalid("Write the note before adding it.") }
        var edit = Edit()
        edit.set(DebriefNote.Field.interview, id: interviewID)
        edit.set(DebriefNote.Field.kind, kind)
        edit.set(DebriefNote.Field.text, text: note)
        let addition = (form["addition"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if form["action"] == "preview" {
            let pending = WebViews.PendingNote(interview: interviewID, kind: kind, text: note, addition: addition, isPrivate: form["private"] == "on")
            return try await timeline(request, owner: owner, session: session, pending: pending)
        }
        if !addition.isEmpty { edit.set(DebriefNote.Field.addition, text: addition) }
        // The form shows each kind's sentence in the letter beside the box: what is written there
        // is written for it.
        if LetterFrame.of(kind) != nil { edit.set[DebriefNote.Field.framed] = .bool(true) }
        if form["private"] == "on" { edit.set[DebriefNote.Field.inLetter] = .bool(false) }
        try await writer.write(edit, to: EntityState(type: .note, id: UUID(), owner: owner.id), as: session.identity)
        return redirect("/web/seekers/\(owner.id.lowercased)?done=note#interview-\(interviewID.lowercased)")
    }

    /// A new interview, with its interviewer, for a seeker the session may act for.
    private func addInterview(_ request: Request, owner text: String?) async throws -> Response {
        guard let session = try await session(request) else { return redirect("/web/login") }
        let owner = try await visibleOwner(text, session: session)
        let form = try WebInterviewForm(try await checkedForm(request, session: session))
        var interviewerID: UUID?
        if let edit = form.interviewerEdit {
            let id = UUID()
            try await writer.write(edit, to: EntityState(type: .interviewer, id: id, owner: owner.id), as: session.identity)
            interviewerID = id
        }
        let id = UUID()
        try await writer.write(
            form.interviewEdit(interviewerID: interviewerID),
            to: EntityState(type: .interview, id: id, owner: owner.id),
            as: session.identity
        )
        return redirect("/web/seekers/\(owner.id.lowercased)?done=interview#interview-\(id.lowercased)")
    }

    /// Marks an interview held and plans its thank-yous and call, as `followup interview held` does
    /// (with the standard working calendar: weekends off, two working days of mail transit).
    private func markHeld(_ request: Request, id text: String?) async throws -> Response {
        guard let session = try await session(request) else { return redirect("/web/login") }
        guard let id = text.flatMap(UUID.init(uuidString:)), let state = try await database.state(of: id), let interview = Interview(state),
            !interview.isDeleted
        else { throw WebRefusal.notFound }
        let owner = try await visibleOwner(state.owner.lowercased, session: session)
        _ = try await checkedForm(request, session: session)
        var edit = Edit()
        edit.set(Interview.Field.status, Interview.Status.held)
        if interview.date == nil { edit.set(Interview.Field.date, date: today) }
        try await writer.write(edit, to: state, as: session.identity)
        let states = try await database.states(owners: [owner.id])
        let interviewers = interview.interviewerIDs.compactMap { person in states.first { $0.id == person }.flatMap(Interviewer.init) }
            .filter { !$0.isDeleted }
        let existing = Set(states.map(\.id))
        for plan in FollowUpPlanner().plan(interview: interview, heldOn: interview.date ?? today, interviewers: interviewers)
        where !existing.contains(plan.id) {
            try await writer.write(plan.edit(interviewID: id), to: EntityState(type: .followUp, id: plan.id, owner: owner.id), as: session.identity)
        }
        return redirect("/web/seekers/\(owner.id.lowercased)?done=held#interview-\(id.lowercased)")
    }

    private func markFollowUp(_ request: Request, id text: String?) async throws -> Response {
        guard let session = try await session(request) else { return redirect("/web/login") }
        guard let id = text.flatMap(UUID.init(uuidString:)), let state = try await database.state(of: id), state.type == .followUp,
            let task = FollowUp(state)
        else { throw WebRefusal.notFound }
        let owner = try await visibleOwner(state.owner.lowercased, session: session)
        let form = try await checkedForm(request, session: session)
        let note = (form["note"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let stamp = now().formatted(.iso8601)
        var edit = Edit()
        let said = note.isEmpty ? nil : note
        switch form["status"] {
        case "done":
            edit.set(FollowUpState(.done, doneAt: stamp, outcome: said))
        case "attempted":
            guard task.kind == .call else { throw WebRefusal.invalid("Only a phone call can be attempted; mark it done or skip it.") }
            edit.set(FollowUpState(.attempted, outcome: said))
            edit.add[FollowUp.Field.attempts] = [stamp]
        case "skipped":
            guard !note.isEmpty else { throw WebRefusal.invalid("Say why the follow-up is skipped, in the box beside the buttons.") }
            edit.set(FollowUpState(.skipped, reason: note))
        default:
            throw WebRefusal.invalid("Choose done, attempted or skip.")
        }
        try await writer.write(edit, to: state, as: session.identity)
        let anchor = task.interviewID.map { "#interview-\($0.lowercased)" } ?? ""
        return redirect("/web/seekers/\(owner.id.lowercased)?done=follow-up\(anchor)")
    }

    /// The interview named by `text`, its owner if the session may see them, and the thank-you's
    /// recipient named by `recipient` (an interviewer of the interview; the first when absent).
    private func letterContext(
        _ text: String?,
        recipient: String?,
        session: Session
    ) async throws
        -> (interview: Interview, owner: VisibleOwner, recipient: Interviewer?, states: [EntityState])
    {
        guard let id = text.flatMap(UUID.init(uuidString:)), let state = try await database.state(of: id), let interview = Interview(state),
            !interview.isDeleted
        else { throw WebRefusal.notFound }
        let owner = try await visibleOwner(state.owner.lowercased, session: session)
        let states = try await database.states(owners: [owner.id])
        let people = states.compactMap(Interviewer.init).filter { interview.interviewerIDs.contains($0.id) && !$0.isDeleted }
        let chosen: Interviewer?
        if let recipient, !recipient.isEmpty {
            guard let wanted = UUID(uuidString: recipient), let person = people.first(where: { $0.id == wanted }) else { throw WebRefusal.notFound }
            chosen = person
        } else {
            chosen = interview.interviewerIDs.lazy.compactMap { id in people.first { $0.id == id } }.first
        }
        return (interview, owner, chosen, states)
    }

    /// Saves the letter's text, or records it as sent (which closes the thank-you follow-up).
    private func changeLetter(_ request: Request, interview text: String?) async throws -> Response {
        guard let session = try await session(request) else { return redirect("/web/login") }
        let form = try await checkedForm(request, session: session)
        let (interview, owner, recipient, states) = try await letterContext(text, recipient: form["recipient"], session: session)
        let letterID = Letter.id(interview: interview.id, recipient: recipient?.id)
        let saved = states.first { $0.id == letterID } ?? EntityState(type: .letter, id: letterID, owner: owner.id)
        var edit = Edit()
        if Letter(saved)?.interviewID == nil {
            edit.set(Letter.Field.interview, id: interview.id)
            edit.set(Letter.Field.recipient, id: recipient?.id)
        }
        let body = (form["body"] ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        let done: String
        switch form["action"] {
        case "save":
            guard !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw WebRefusal.invalid("The letter cannot be empty.") }
            edit.set[Letter.Field.body] = .string(body.hasSuffix("\n") ? body : body + "\n")
            done = "letter"
        case "sent":
            guard let via = form["via"].flatMap(Letter.Delivery.init(rawValue:)) else {
                throw WebRefusal.invalid("Choose how the thank-you went out: by mail, by email or by hand.")
            }
            if Letter(saved)?.body == nil, !body.isEmpty { edit.set[Letter.Field.body] = .string(body) }
            edit.set(Letter.Field.sentAt, text: now().formatted(.iso8601))
            edit.set(Letter.Field.sentVia, via)
            let thankYou = states.compactMap(FollowUp.init).first { task in
                task.interviewID == interview.id && task.kind == .thankYou && task.isOpen
                    && (task.recipientID == nil || task.recipientID == recipient?.id)
            }
            if let thankYou, let state = states.first(where: { $0.id == thankYou.id }) {
                var closing = Edit()
                closing.set(FollowUpState(.done, doneAt: now().formatted(.iso8601), outcome: "thank-you sent \(via.label)"))
                try await writer.write(closing, to: state, as: session.identity)
            }
            done = "sent"
        default:
            throw WebRefusal.invalid("Choose to save the letter or to record it as sent.")
        }
        try await writer.write(edit, to: saved, as: session.identity)
        return redirect("/web/seekers/\(owner.id.lowercased)?done=\(done)#interview-\(interview.id.lowercased)")
    }

    /// The thank-you as an `.eml` file: the saved letter, else the draft the notes make.
    private func downloadLetter(_ request: Request, interview text: String?) async throws -> Response {
        guard let session = try await session(request) else { return redirect("/web/login") }
        let (interview, owner, recipient, states) = try await letterContext(text, recipient: request.uri.queryParameters.get("to"), session: session)
        let notes = states.compactMap(DebriefNote.init).filter { $0.interviewID == interview.id }
        let thankYou = states.compactMap(FollowUp.init).first { task in
            task.interviewID == interview.id && task.kind == .thankYou && (task.recipientID == nil || task.recipientID == recipient?.id)
        }
        let letter = WebThankYou(
            interview: interview,
            recipient: recipient,
            channel: thankYou?.channel ?? .email,
            notes: notes,
            letters: Dictionary(states.compactMap(Letter.init).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
            owner: owner,
            authors: try await database.replicaAuthors(Set(notes.compactMap(\.writtenBy))),
            today: today
        )
        let email = letter.email
        return Response(
            status: .ok,
            headers: [
                .contentType: "message/rfc822",
                .contentDisposition: "attachment; filename=\"thank-you.eml\"",
                .cacheControl: "no-store",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: email.eml(date: now())))
        )
    }

    private func history(_ request: Request, id text: String?) async throws -> Response {
        guard let session = try await session(request) else { return redirect("/web/login") }
        guard let id = text.flatMap(UUID.init(uuidString:)), let state = try await database.state(of: id) else { throw WebRefusal.notFound }
        let owner = try await visibleOwner(state.owner.lowercased, session: session)
        let authors = try await database.replicaAuthors(Set(state.registers.values.flatMap { $0.writes.map(\.at.replica) }))
        let fields = state.registers.keys.sorted().compactMap { name -> [String: Any]? in
            guard let register = state.registers[name] else { return nil }
            let entries = register.writes.reversed().map { write -> [String: Any] in
                let status =
                    write == register.current
                    ? ("now", "current") : register.replacedConcurrently(write) ? ("lost to a concurrent edit", "lost") : ("before", "")
                let author = authors[write.at.replica].map { "\($0.name) on \($0.device)" } ?? "replica \(write.at.replica)"
                let value: String =
                    switch write.value {
                    case let .string(text): text
                    case .null: "(empty)"
                    default: write.value.canonicalJSON
                    }
                let when = Date(timeIntervalSince1970: Double(write.at.millis) / 1000).formatted(.iso8601)
                return ["statusLabel": status.0, "statusClass": status.1, "value": value, "when": when, "who": author]
            }
            let forgotten = register.forgotten.map { Date(timeIntervalSince1970: Double($0.millis) / 1000).formatted(.iso8601) }
            var field: [String: Any] = ["name": name, "entries": entries]
            if let forgotten { field["forgotten"] = forgotten }
            return field
        }
        let title = Interview(state)?.title ?? "\(state.type.rawValue) \(state.id.lowercased.prefix(8))"
        return render(
            "history",
            [
                "title": "History", "user": session.user, "owner": owner.id.lowercased, "ownerName": owner.displayName, "recordTitle": title,
                "fields": fields,
            ]
        )
    }

    private func calendarPage(_ request: Request, url: String? = nil, flash: String? = nil) async throws -> Response {
        guard let session = try await session(request) else { return redirect("/web/login") }
        return render(
            "calendar",
            [
                "title": "Calendar", "user": session.user, "csrf": session.csrf, "url": url, "flash": flash,
                "isCounselor": session.identity.account.role == .counselor,
            ]
        )
    }

    private func changeCalendar(_ request: Request) async throws -> Response {
        guard let session = try await session(request) else { return redirect("/web/login") }
        let form = try await checkedForm(request, session: session)
        switch form["action"] {
        case "create":
            let feed = try await feeds.create(for: session.identity, base: PublicAddress.base(of: request, usesTLS: secure))
            return try await calendarPage(request, url: feed.url)
        case "revoke":
            do {
                try await feeds.revoke(for: session.identity)
                return try await calendarPage(request, flash: "The calendar address is turned off; calendars subscribed to it stop updating.")
            } catch let error as APIError where error.type == .notFound {
                return try await calendarPage(request, flash: "There was no calendar address to turn off.")
            }
        default:
            throw WebRefusal.invalid("Choose to make an address or to turn it off.")
        }
    }

    private func adminPage(_ request: Request, flash: String? = nil) async throws -> Response {
        guard let session = try await session(request) else { return redirect("/web/login") }
        guard session.identity.account.role == .admin else { return redirect("/web") }
        let entries = try await database.accountsWithCaseloads()
        let accounts = entries.map { entry -> [String: Any] in
            [
                "username": entry.account.username, "displayName": entry.account.displayName, "role": entry.account.role.rawValue,
                "seekers": entry.seekers.joined(separator: ", "), "status": entry.account.disabled ? "disabled" : "active",
            ]
        }
        let usernames = { (role: Role) in entries.filter { $0.account.role == role && !$0.account.disabled }.map(\.account.username) }
        return render(
            "admin",
            [
                "title": "Accounts", "user": session.user, "csrf": session.csrf, "accounts": accounts, "flash": flash,
                "counselors": usernames(.counselor), "seekerNames": usernames(.seeker),
            ]
        )
    }

    private func changeCaseload(_ request: Request) async throws -> Response {
        guard let session = try await session(request) else { return redirect("/web/login") }
        guard session.identity.account.role == .admin else { throw WebRefusal.notFound }
        let form = try await checkedForm(request, session: session)
        let counselor = form["counselor"] ?? ""
        let seeker = form["seeker"] ?? ""
        switch form["action"] {
        case "assign":
            let (_, changed) = try await accounts.assign(seeker: seeker, to: counselor)
            return try await adminPage(
                request,
                flash: changed ? "\(seeker) is now in \(counselor)'s caseload." : "\(seeker) was already in \(counselor)'s caseload."
            )
        case "unassign":
            let (_, changed) = try await accounts.unassign(seeker: seeker, from: counselor)
            return try await adminPage(
                request,
                flash: changed ? "\(seeker) left \(counselor)'s caseload." : "\(seeker) was not in \(counselor)'s caseload."
            )
        default:
            throw WebRefusal.invalid("Choose to assign or to unassign.")
        }
    }

    // MARK: Helpers

    /// "3 seekers, 2 with overdue follow-ups (5 in all)."
    static func summary(seekers: Int, overdue: Int) -> String {
        let people = seekers == 1 ? "1 seeker" : "\(seekers) seekers"
        return overdue == 0 ? "\(people); nothing overdue." : "\(people); \(overdue) overdue follow-up\(overdue == 1 ? "" : "s")."
    }

    /// The seeker named by `text` if the session may see their records; 404 otherwise, whether
    /// they exist or not, so a page does not tell who has an account.
    private func visibleOwner(_ text: String?, session: Session) async throws -> VisibleOwner {
        guard let id = text.flatMap(UUID.init(uuidString:)),
            let owner = try await database.visibleOwners(viewer: session.identity.account.id).first(where: { $0.id == id })
        else { throw WebRefusal.notFound }
        return owner
    }

    /// The page `template` shows `values`; a `nil` value is left out, so its section does not show.
    func render(_ template: String, _ values: [String: Any?], status: HTTPResponse.Status = .ok) -> Response {
        let html = library.render(values.compactMapValues { $0 }, withTemplate: template) ?? ""
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html))
        )
    }

    private func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}

/// Why a page refuses a request; rendered as an HTML page by ``WebErrorMiddleware``.
enum WebRefusal: Error {
    case notFound
    case csrf
    case invalid(String)
}

/// Answers a page's refusals and the API errors it meets with an HTML page a person can read
/// (never a stack trace); anything else goes on to the problem middleware as a 500.
struct WebErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let routes: WebRoutes

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let refusal as WebRefusal {
            switch refusal {
            case .notFound:
                return page(.notFound, "Not found", "There is no such page, or it is not yours to see.")
            case .csrf:
                return page(.forbidden, "The form expired", "The form was not sent from this session's page; reload the page and try again.")
            case let .invalid(detail):
                return page(.unprocessableContent, "Check the form", detail)
            }
        } catch let error as APIError {
            return page(error.status, error.type.title, error.detail)
        }
    }

    private func page(_ status: HTTPResponse.Status, _ heading: String, _ detail: String) -> Response {
        routes.render("error", ["title": heading, "heading": heading, "detail": detail], status: status)
    }
}
