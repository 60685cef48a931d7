--[[
quarto_compat.lua — the Quarto-only syntax our manuscript uses, for plain pandoc.

Quarto resolves {{< var >}} / {{< include >}} shortcodes before parsing; coprod.render does the
same textually. This filter handles what is left after parsing:
  * figure / table cross-references: {#fig-x} / {#tbl-x} labels numbered in document order,
    @fig-x / @tbl-x citations replaced by "Figure N" / "Table N", captions prefixed
    "Figure N:" (except for Typst, which numbers figures itself);
  * Quarto's author schema (name + affiliations) flattened for pandoc's templates;
  * callouts (::: {.callout-note|tip|important|warning|caution}, optional "## Title" first) drawn
    as a titled box, as Quarto draws them: a styled <div> in HTML, a #block in Typst, a one-cell
    table in DOCX.
Unresolved references are left as "?@id" (as Quarto does) and reported on stderr.
Run it before --citeproc so bibliography citations are left to citeproc.
]]

local names = { fig = "Figure", tbl = "Table" }

local function kind_of(id)
  return id and id:match("^(%a+)%-") or nil
end

local function number_blocks(blocks)
  local numbers, counts = {}, { fig = 0, tbl = 0 }
  local function note(el)
    local kind = kind_of(el.identifier)
    if names[kind] then
      counts[kind] = counts[kind] + 1
      numbers[el.identifier] = counts[kind]
    end
  end
  blocks:walk({ Figure = note, Table = note })
  return numbers
end

local function prefix_caption(el, numbers)
  local kind = kind_of(el.identifier)
  local n = numbers[el.identifier]
  if not n or FORMAT == "typst" then
    return el
  end
  local label = pandoc.Inlines({ pandoc.Str(names[kind] .. " " .. n .. ":"), pandoc.Space() })
  if #el.caption.long == 0 then
    el.caption.long = pandoc.Blocks({ pandoc.Plain(label) })
  else
    local first = el.caption.long[1]
    first.content = label .. first.content
  end
  return el
end

local function affiliation_text(author)
  local parts = {}
  local affs = author.affiliations or author.affiliation
  if type(affs) == "table" then
    for _, a in ipairs(affs) do
      local v = (type(a) == "table" and a.name) or a
      table.insert(parts, pandoc.utils.stringify(v))
    end
  end
  return table.concat(parts, "; ")
end

local function flatten_authors(meta)
  if meta.author == nil or pandoc.utils.type(meta.author) ~= "List" then
    return meta
  end
  local out = pandoc.List()
  for _, a in ipairs(meta.author) do
    if type(a) == "table" and a.name ~= nil then
      local name = pandoc.utils.stringify(a.name)
      local aff = affiliation_text(a)
      if FORMAT == "typst" then
        out:insert(pandoc.MetaMap({ name = pandoc.MetaInlines(pandoc.Inlines(name)),
                                    affiliation = pandoc.MetaInlines(pandoc.Inlines(aff)) }))
      else
        local text = aff ~= "" and (name .. " (" .. aff .. ")") or name
        out:insert(pandoc.MetaInlines(pandoc.Inlines(text)))
      end
    else
      out:insert(a)
    end
  end
  meta.author = out
  return meta
end

local callout_titles = { note = "Note", tip = "Tip", important = "Important",
                         warning = "Warning", caution = "Caution" }
local callout_colours = { note = "#0d6efd", tip = "#198754", important = "#dc3545",
                          warning = "#fd7e14", caution = "#ffc107" }

local function callout(el)
  local kind
  for _, c in ipairs(el.classes) do
    kind = kind or c:match("^callout%-(%a+)$")
  end
  if not kind or not callout_titles[kind] then
    return nil
  end
  local content = pandoc.Blocks(el.content)
  local title = pandoc.Inlines({ pandoc.Str(callout_titles[kind]) })
  if #content > 0 and content[1].t == "Header" then
    title = content[1].content
    content:remove(1)
  end
  local colour = callout_colours[kind]
  if FORMAT == "typst" then
    local out = pandoc.Blocks({
      pandoc.RawBlock("typst", '#block(width: 100%, inset: 8pt, radius: 2pt, breakable: false, '
        .. 'stroke: (left: 3pt + rgb("' .. colour .. '"), rest: 0.5pt + rgb("' .. colour .. '")))['),
      pandoc.Para({ pandoc.Strong(title) }),
    })
    out:extend(content)
    out:insert(pandoc.RawBlock("typst", "]"))
    return out
  elseif FORMAT:match("html") then
    local box = pandoc.Div(pandoc.Blocks({
      pandoc.Div(pandoc.Plain({ pandoc.Strong(title) }), pandoc.Attr("", { "callout-title" })),
    }), pandoc.Attr(el.identifier, { "callout", "callout-" .. kind },
      { style = "border: 1px solid " .. colour .. "; border-left: 5px solid " .. colour
        .. "; border-radius: 4px; padding: 0.4em 1em; margin: 1em 0;" }))
    box.content:extend(content)
    return box
  elseif FORMAT == "docx" then
    local cell = pandoc.Blocks({ pandoc.Para({ pandoc.Strong(title) }) })
    cell:extend(content)
    local simple = pandoc.SimpleTable({}, { pandoc.AlignDefault }, { 1.0 }, {}, { { cell } })
    local tbl = pandoc.utils.from_simple_table(simple)
    tbl.classes:insert("callout")
    return tbl
  end
  return content
end

function Pandoc(doc)
  doc.blocks = doc.blocks:walk({ Div = callout })
  local numbers = number_blocks(doc.blocks)
  doc.blocks = doc.blocks:walk({
    Figure = function(el) return prefix_caption(el, numbers) end,
    Table = function(el) return prefix_caption(el, numbers) end,
    Cite = function(el)
      local out = pandoc.Inlines({})
      for i, c in ipairs(el.citations) do
        local kind = kind_of(c.id)
        if not names[kind] then
          return nil -- a bibliography citation: leave the whole Cite to citeproc
        end
        if i > 1 then
          out:extend({ pandoc.Str(";"), pandoc.Space() })
        end
        local n = numbers[c.id]
        if n then
          out:extend({ pandoc.Str(names[kind]), pandoc.Space(), pandoc.Str(tostring(n)) })
        else
          io.stderr:write("quarto_compat: unresolved cross-reference @" .. c.id .. "\n")
          out:insert(pandoc.Strong({ pandoc.Str("?@" .. c.id) }))
        end
      end
      return out
    end,
  })
  doc.meta = flatten_authors(doc.meta)
  return doc
end
